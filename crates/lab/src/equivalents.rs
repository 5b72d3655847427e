//! Equivalents of a request in other tools: Azure PowerShell, Terraform (azurerm), Bicep and
//! the raw ARM REST call.
//!
//! Trainees type `az`; seeing the same request in the tool their team uses is how the lesson
//! carries over. Every value taken from the request is quoted for the target language so that
//! hostile text in a name (quotes, `$`, `${…}`, newlines) stays inside its string literal.

use alloc::collections::BTreeSet;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Write as _;

use hcsim_core::id::{ArmPath, Segment};
use serde::Serialize;
use serde_json::Value;

/// The request to render: what the simulator's ARM front door received.
#[derive(Debug, Clone, Copy)]
pub struct RequestView<'a> {
    /// `PUT`, `PATCH`, `DELETE`, `GET` or `POST` (any case).
    pub method: &'a str,
    /// The ARM resource id (or collection path for a list, e.g. `…/workspaces`).
    pub id: &'a str,
    /// The resource type, e.g. `Microsoft.HealthcareApis/workspaces/fhirservices`.
    pub resource_type: &'a str,
    /// The API version, e.g. `2024-03-31`.
    pub api_version: &'a str,
    /// The request body, if any.
    pub body: Option<&'a Value>,
}

/// The request in four other forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Equivalents {
    /// Azure PowerShell (Az modules).
    pub powershell: String,
    /// Terraform HCL for the azurerm provider (azapi for types azurerm lacks).
    pub terraform: String,
    /// Bicep.
    pub bicep: String,
    /// The raw ARM request: method, URL and pretty JSON body.
    pub arm: String,
}

/// Renders `req` in every language; `az_line`, when given, heads each rendering as a comment.
pub fn render(req: &RequestView<'_>, az_line: Option<&str>) -> Equivalents {
    let ctx = Ctx::new(req);
    let mut powershell = String::new();
    let mut terraform = String::new();
    let mut bicep = String::new();
    if let Some(line) = az_line {
        let safe = comment_safe(line);
        let _ = writeln!(powershell, "# az: {safe}");
        let _ = writeln!(terraform, "# az: {safe}");
        let _ = writeln!(bicep, "// az: {safe}");
    }
    powershell.push_str(&render_powershell(&ctx));
    terraform.push_str(&render_terraform(&ctx));
    bicep.push_str(&render_bicep(&ctx));
    Equivalents {
        powershell,
        terraform,
        bicep,
        arm: render_arm(req),
    }
}

// ---- request analysis --------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    ResourceGroup,
    Workspace,
    Fhir,
    Dicom,
    Iot,
    Destination,
    RoleAssignment,
    Lock,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Put,
    Patch,
    Delete,
    Get,
    Post,
}

/// An ARM id taken apart (by [`ArmPath`], the one id parser): the scope before the last
/// `/providers/`, the namespace, and the (type, name) pairs after it. Names are decoded
/// (the lab sends them percent-encoded); an id that does not parse leaves everything empty
/// but the scope, so malformed requests still render.
#[derive(Debug, Default)]
struct ParsedId {
    resource_group: Option<String>,
    /// The id of everything before the last `/providers/` (the scope of an extension
    /// resource), as ARM shows ids.
    scope: String,
    namespace: Option<String>,
    pairs: Vec<(String, String)>,
    /// A trailing type segment without a name: the request lists a collection.
    collection: Option<String>,
}

fn parse_id(id: &str) -> ParsedId {
    let Ok(path) = ArmPath::parse(id) else {
        return ParsedId {
            scope: String::from(id),
            ..ParsedId::default()
        };
    };
    let shown = |segments: &[Segment]| {
        ArmPath {
            segments: segments.to_vec(),
            collection: None,
            collection_is_provider: false,
        }
        .to_string()
    };
    let mut out = ParsedId {
        resource_group: path.resource_group().map(String::from),
        ..ParsedId::default()
    };
    let split_ns = |type_word: &str| -> (String, String) {
        let (ns, ty) = type_word.split_once('/').unwrap_or((type_word, ""));
        (String::from(ns), String::from(ty))
    };
    if path.collection_is_provider {
        // `…/providers/{Namespace}/{type}`: a list of a top-level or extension type.
        let (ns, ty) = split_ns(path.collection.as_deref().unwrap_or(""));
        out.scope = shown(&path.segments);
        out.namespace = Some(ns);
        out.collection = Some(ty);
        return out;
    }
    out.collection.clone_from(&path.collection);
    match path.segments.iter().rposition(|s| s.provider) {
        Some(k) => {
            out.scope = shown(&path.segments[..k]);
            let (ns, ty) = split_ns(&path.segments[k].type_word);
            out.namespace = Some(ns);
            out.pairs.push((ty, path.segments[k].name.clone()));
            for seg in &path.segments[k + 1..] {
                out.pairs
                    .push((seg.type_word.to_string(), seg.name.clone()));
            }
        }
        // `/subscriptions/x/resourceGroups/rg`, `/subscriptions/x/resourcegroups`.
        None if path.resource_group().is_some() => out.scope = shown(&path.segments[..1]),
        None => out.scope = shown(&path.segments),
    }
    out
}

struct Ctx<'a> {
    req: &'a RequestView<'a>,
    kind: Kind,
    method: Method,
    id: ParsedId,
    empty: Value,
}

impl<'a> Ctx<'a> {
    fn new(req: &'a RequestView<'a>) -> Self {
        let t = req.resource_type.to_ascii_lowercase();
        let kind = match t.as_str() {
            "microsoft.resources/resourcegroups" => Kind::ResourceGroup,
            "microsoft.healthcareapis/workspaces" => Kind::Workspace,
            "microsoft.healthcareapis/workspaces/fhirservices" => Kind::Fhir,
            "microsoft.healthcareapis/workspaces/dicomservices" => Kind::Dicom,
            "microsoft.healthcareapis/workspaces/iotconnectors" => Kind::Iot,
            "microsoft.healthcareapis/workspaces/iotconnectors/fhirdestinations" => {
                Kind::Destination
            }
            "microsoft.authorization/roleassignments" => Kind::RoleAssignment,
            "microsoft.authorization/locks" => Kind::Lock,
            _ => Kind::Other,
        };
        let method = match req.method.to_ascii_uppercase().as_str() {
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            "POST" => Method::Post,
            _ => Method::Get,
        };
        Ctx {
            req,
            kind,
            method,
            id: parse_id(req.id),
            empty: Value::Null,
        }
    }

    fn is_list(&self) -> bool {
        self.method == Method::Get && self.id.collection.is_some()
    }

    fn body(&self) -> &Value {
        self.req.body.unwrap_or(&self.empty)
    }

    fn body_str(&self, path: &[&str]) -> Option<&str> {
        let mut v = self.body();
        for key in path {
            v = v.get(key)?;
        }
        v.as_str()
    }

    fn body_at(&self, path: &[&str]) -> Option<&Value> {
        let mut v = self.body();
        for key in path {
            v = v.get(key)?;
        }
        Some(v)
    }

    /// The resource's own name: the last name in the id (or the group for a group id).
    fn name(&self) -> &str {
        match self.kind {
            Kind::ResourceGroup => self.id.resource_group.as_deref().unwrap_or(""),
            _ => self.id.pairs.last().map_or("", |(_, n)| n),
        }
    }

    /// The n-th name after the provider namespace (workspace = 0, child = 1, destination = 2).
    fn level(&self, n: usize) -> &str {
        self.id.pairs.get(n).map_or("", |(_, n)| n)
    }

    fn rg(&self) -> &str {
        self.id.resource_group.as_deref().unwrap_or("")
    }

    /// The id of the parent resource (everything before the last type/name pair).
    fn parent_id(&self) -> String {
        ArmPath::parse(self.req.id)
            .ok()
            .and_then(|p| p.parent())
            .map(|p| p.to_string())
            .unwrap_or_default()
    }

    fn location(&self) -> Option<&str> {
        self.body_str(&["location"])
    }

    fn tags(&self) -> Option<&serde_json::Map<String, Value>> {
        self.body_at(&["tags"])?.as_object()
    }

    fn identity_type(&self) -> Option<&str> {
        self.body_str(&["identity", "type"])
            .filter(|t| !t.eq_ignore_ascii_case("none"))
    }

    fn user_identities(&self) -> Vec<&str> {
        self.body_at(&["identity", "userAssignedIdentities"])
            .and_then(Value::as_object)
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }
}

/// Text for a comment: control characters (newlines above all) become spaces, so the text
/// cannot end the comment and start code.
fn comment_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The name of a role definition id (its GUID); text that is no id stays as it is.
fn last_segment(text: &str) -> String {
    ArmPath::parse(text).map_or_else(|_| String::from(text), |p| String::from(p.name()))
}

// ---- PowerShell ----------------------------------------------------------------------------

/// A PowerShell argument: bare when it is plainly safe (`ws1`, `eastus`, an ARM id), else a
/// single-quoted literal with every quote character doubled. PowerShell treats the curly
/// quotes ‘ ’ ‚ ‛ as single quotes too, so those are doubled as well.
fn ps_arg(s: &str) -> String {
    let bare = !s.is_empty()
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '/')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | ':'));
    if bare { String::from(s) } else { ps_str(s) }
}

fn ps_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// A JSON value as a PowerShell literal (hashtables, arrays, `$true`, `$null`).
fn ps_value(v: &Value) -> String {
    match v {
        Value::Null => String::from("$null"),
        Value::Bool(true) => String::from("$true"),
        Value::Bool(false) => String::from("$false"),
        Value::Number(n) => n.to_string(),
        Value::String(s) => ps_str(s),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(ps_value).collect();
            alloc::format!("@({})", parts.join(", "))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| alloc::format!("{} = {}", ps_str(k), ps_value(v)))
                .collect();
            alloc::format!("@{{{}}}", parts.join("; "))
        }
    }
}

struct PsCmd {
    line: String,
}

impl PsCmd {
    fn new(cmdlet: &str) -> Self {
        PsCmd {
            line: String::from(cmdlet),
        }
    }
    fn arg(&mut self, name: &str, value: &str) -> &mut Self {
        let _ = write!(self.line, " -{name} {}", ps_arg(value));
        self
    }
    fn opt(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.arg(name, v);
        }
        self
    }
    fn raw(&mut self, name: &str, literal: &str) -> &mut Self {
        let _ = write!(self.line, " -{name} {literal}");
        self
    }
    fn switch(&mut self, name: &str) -> &mut Self {
        let _ = write!(self.line, " -{name}");
        self
    }
    fn tags(&mut self, ctx: &Ctx<'_>) -> &mut Self {
        if let Some(tags) = ctx.tags() {
            let v = Value::Object(tags.clone());
            self.raw("Tag", &ps_value(&v));
        }
        self
    }
    fn done(&self) -> String {
        alloc::format!("{}\n", self.line)
    }
}

/// The noun of the Az.HealthcareApis cmdlets for a kind.
fn ps_noun(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Workspace => "AzHealthcareApisWorkspace",
        Kind::Fhir => "AzHealthcareFhirService",
        Kind::Dicom => "AzHealthcareDicomService",
        Kind::Iot => "AzHealthcareIotConnector",
        Kind::Destination => "AzHealthcareIotConnectorFhirDestination",
        _ => return None,
    })
}

fn render_powershell(ctx: &Ctx<'_>) -> String {
    if ctx.method == Method::Post {
        return ps_generic(ctx);
    }
    match ctx.kind {
        Kind::ResourceGroup => ps_resource_group(ctx),
        Kind::RoleAssignment => ps_role_assignment(ctx),
        Kind::Lock => ps_lock(ctx),
        Kind::Other => ps_generic(ctx),
        healthcare => ps_healthcare(ctx, healthcare),
    }
}

fn ps_healthcare(ctx: &Ctx<'_>, kind: Kind) -> String {
    let Some(noun) = ps_noun(kind) else {
        return ps_generic(ctx);
    };
    let verb = match ctx.method {
        Method::Put => "New",
        // FHIR destinations have no PATCH: an update is a PUT, i.e. New- again.
        Method::Patch if kind == Kind::Destination => "New",
        Method::Patch => "Update",
        Method::Delete => "Remove",
        _ => "Get",
    };
    let mut cmd = PsCmd::new(&alloc::format!("{verb}-{noun}"));
    if ctx.is_list() {
        // List: the parent's names only.
        match kind {
            Kind::Workspace => {}
            Kind::Destination => {
                cmd.arg("IotConnectorName", ctx.level(1))
                    .arg("WorkspaceName", ctx.level(0));
            }
            _ => {
                cmd.arg("WorkspaceName", ctx.level(0));
            }
        }
        cmd.opt("ResourceGroupName", ctx.id.resource_group.as_deref());
        return cmd.done();
    }
    match kind {
        Kind::Workspace => {
            cmd.arg("Name", ctx.name());
        }
        Kind::Destination => {
            cmd.arg("FhirDestinationName", ctx.name())
                .arg("IotConnectorName", ctx.level(1))
                .arg("WorkspaceName", ctx.level(0));
        }
        _ => {
            cmd.arg("Name", ctx.name())
                .arg("WorkspaceName", ctx.level(0));
        }
    }
    cmd.arg("ResourceGroupName", ctx.rg());
    let writes = matches!(ctx.method, Method::Put | Method::Patch);
    if !writes {
        return cmd.done();
    }
    if ctx.method == Method::Put || kind == Kind::Destination {
        cmd.opt("Location", ctx.location());
    }
    match kind {
        Kind::Fhir => {
            cmd.opt("Kind", ctx.body_str(&["kind"]))
                .opt(
                    "AuthenticationConfigurationAuthority",
                    ctx.body_str(&["properties", "authenticationConfiguration", "authority"]),
                )
                .opt(
                    "AuthenticationConfigurationAudience",
                    ctx.body_str(&["properties", "authenticationConfiguration", "audience"]),
                );
        }
        Kind::Iot => {
            let ing = ["properties", "ingestionEndpointConfiguration"];
            cmd.opt(
                "IngestionEndpointConfigurationEventHubName",
                ctx.body_str(&[ing[0], ing[1], "eventHubName"]),
            )
            .opt(
                "IngestionEndpointConfigurationConsumerGroup",
                ctx.body_str(&[ing[0], ing[1], "consumerGroup"]),
            )
            .opt(
                "IngestionEndpointConfigurationFullyQualifiedEventHubNamespace",
                ctx.body_str(&[ing[0], ing[1], "fullyQualifiedEventHubNamespace"]),
            );
            if let Some(content) = ctx.body_at(&["properties", "deviceMapping", "content"]) {
                cmd.raw("DeviceMappingContent", &ps_value(content));
            }
        }
        Kind::Destination => {
            cmd.opt(
                "ResourceIdentityResolutionType",
                ctx.body_str(&["properties", "resourceIdentityResolutionType"]),
            )
            .opt(
                "FhirServiceResourceId",
                ctx.body_str(&["properties", "fhirServiceResourceId"]),
            );
            if let Some(content) = ctx.body_at(&["properties", "fhirMapping", "content"]) {
                cmd.raw("FhirMappingContent", &ps_value(content));
            }
        }
        _ => {}
    }
    if kind != Kind::Workspace && kind != Kind::Destination {
        cmd.opt("IdentityType", ctx.identity_type());
    }
    if kind != Kind::Destination {
        cmd.tags(ctx);
    }
    cmd.done()
}

fn ps_resource_group(ctx: &Ctx<'_>) -> String {
    let mut cmd;
    match ctx.method {
        Method::Put => {
            cmd = PsCmd::new("New-AzResourceGroup");
            cmd.arg("Name", ctx.rg())
                .opt("Location", ctx.location())
                .tags(ctx);
        }
        Method::Patch => {
            cmd = PsCmd::new("Set-AzResourceGroup");
            cmd.arg("Name", ctx.rg()).tags(ctx);
        }
        Method::Delete => {
            cmd = PsCmd::new("Remove-AzResourceGroup");
            cmd.arg("Name", ctx.rg()).switch("Force");
        }
        _ => {
            cmd = PsCmd::new("Get-AzResourceGroup");
            if !ctx.is_list() {
                cmd.arg("Name", ctx.rg());
            }
        }
    }
    cmd.done()
}

fn ps_role_assignment(ctx: &Ctx<'_>) -> String {
    let scope = ctx.id.scope.as_str();
    let principal = ctx.body_str(&["properties", "principalId"]);
    let role = ctx
        .body_str(&["properties", "roleDefinitionId"])
        .map(last_segment);
    match (ctx.method, principal, role) {
        (Method::Put, Some(p), Some(r)) => {
            let mut cmd = PsCmd::new("New-AzRoleAssignment");
            cmd.arg("ObjectId", p)
                .arg("RoleDefinitionId", &r)
                .arg("Scope", scope);
            cmd.done()
        }
        (Method::Get, _, _) if ctx.is_list() => {
            let mut cmd = PsCmd::new("Get-AzRoleAssignment");
            cmd.arg("Scope", scope);
            cmd.done()
        }
        (Method::Get | Method::Delete, _, _) => {
            let mut cmd = PsCmd::new("Get-AzRoleAssignment");
            cmd.arg("Scope", scope);
            let mut line = alloc::format!(
                "{} | Where-Object RoleAssignmentName -eq {}",
                cmd.line,
                ps_str(ctx.name())
            );
            if ctx.method == Method::Delete {
                line.push_str(" | Remove-AzRoleAssignment");
            }
            line.push('\n');
            line
        }
        _ => ps_generic(ctx),
    }
}

fn ps_lock(ctx: &Ctx<'_>) -> String {
    let scope = ctx.id.scope.as_str();
    let mut cmd;
    match ctx.method {
        Method::Put => {
            cmd = PsCmd::new("New-AzResourceLock");
            cmd.arg("LockName", ctx.name())
                .opt("LockLevel", ctx.body_str(&["properties", "level"]))
                .opt("LockNotes", ctx.body_str(&["properties", "notes"]))
                .arg("Scope", scope)
                .switch("Force");
        }
        Method::Delete => {
            cmd = PsCmd::new("Remove-AzResourceLock");
            cmd.arg("LockName", ctx.name())
                .arg("Scope", scope)
                .switch("Force");
        }
        Method::Get if ctx.is_list() => {
            cmd = PsCmd::new("Get-AzResourceLock");
            cmd.arg("Scope", scope);
        }
        Method::Get => {
            cmd = PsCmd::new("Get-AzResourceLock");
            cmd.arg("LockName", ctx.name()).arg("Scope", scope);
        }
        _ => return ps_generic(ctx),
    }
    cmd.done()
}

fn ps_generic(ctx: &Ctx<'_>) -> String {
    let id = ctx.req.id;
    let version = ctx.req.api_version;
    let mut cmd;
    match ctx.method {
        Method::Put => {
            cmd = PsCmd::new("New-AzResource");
            cmd.arg("ResourceId", id).opt("Location", ctx.location());
            if let Some(p) = ctx.body_at(&["properties"]) {
                cmd.raw("Properties", &ps_value(p));
            }
            cmd.tags(ctx).arg("ApiVersion", version).switch("Force");
        }
        Method::Patch => {
            cmd = PsCmd::new("Set-AzResource");
            cmd.arg("ResourceId", id);
            if let Some(p) = ctx.body_at(&["properties"]) {
                cmd.raw("Properties", &ps_value(p));
            }
            cmd.tags(ctx).arg("ApiVersion", version).switch("Force");
        }
        Method::Delete => {
            cmd = PsCmd::new("Remove-AzResource");
            cmd.arg("ResourceId", id)
                .arg("ApiVersion", version)
                .switch("Force");
        }
        Method::Get => {
            cmd = PsCmd::new("Get-AzResource");
            cmd.arg("ResourceId", id).arg("ApiVersion", version);
        }
        Method::Post => {
            cmd = PsCmd::new("Invoke-AzRestMethod");
            cmd.arg("Method", "POST").raw(
                "Path",
                &ps_str(&alloc::format!("{id}?api-version={version}")),
            );
            if let Some(body) = ctx.req.body {
                let json = serde_json::to_string(body).unwrap_or_default();
                cmd.raw("Payload", &ps_str(&json));
            }
        }
    }
    cmd.done()
}

// ---- Terraform -------------------------------------------------------------------------------

/// A Terraform string literal: `\` and `"` escaped, control characters as escapes, and the
/// template openers `${` and `%{` doubled so that nothing is interpolated.
fn hcl_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A JSON value as an HCL expression; objects and arrays span lines at `indent`.
fn hcl_value(v: &Value, indent: usize) -> String {
    let pad = "  ".repeat(indent + 1);
    let close = "  ".repeat(indent);
    match v {
        Value::Null => String::from("null"),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => hcl_str(s),
        Value::Array(items) if items.is_empty() => String::from("[]"),
        Value::Array(items) => {
            let mut out = String::from("[\n");
            for item in items {
                let _ = writeln!(out, "{pad}{},", hcl_value(item, indent + 1));
            }
            let _ = write!(out, "{close}]");
            out
        }
        Value::Object(map) if map.is_empty() => String::from("{}"),
        Value::Object(map) => {
            let mut out = String::from("{\n");
            let rendered: Vec<(String, String)> = map
                .iter()
                .map(|(k, v)| (hcl_key(k), hcl_value(v, indent + 1)))
                .collect();
            // As `terraform fmt` does: align `=` over the single-line entries.
            let width = rendered
                .iter()
                .filter(|(_, v)| !v.contains('\n'))
                .map(|(k, _)| k.chars().count())
                .max()
                .unwrap_or(0);
            for (key, value) in &rendered {
                if value.contains('\n') {
                    let _ = writeln!(out, "{pad}{key} = {value}");
                } else {
                    let _ = writeln!(out, "{pad}{key:<width$} = {value}");
                }
            }
            let _ = write!(out, "{close}}}");
            out
        }
    }
}

fn hcl_key(k: &str) -> String {
    // Hyphens are legal in HCL identifiers but `a-b` reads as subtraction inside jsonencode.
    if is_identifier(k) && !k.contains('-') {
        String::from(k)
    } else {
        hcl_str(k)
    }
}

/// A Terraform resource label: letters, digits, `_` and `-`, starting with a letter or `_`.
fn tf_label(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    {
        out.insert_str(0, "r_");
    }
    out
}

enum Hcl {
    Attr(String, String),
    Block(String, Vec<Hcl>),
}

fn attr(key: &str, value: String) -> Hcl {
    Hcl::Attr(String::from(key), value)
}

/// Renders entries the way `terraform fmt` lays them out: `=` aligned across runs of
/// single-line attributes, a blank line before nested blocks and multi-line attributes.
fn hcl_body(out: &mut String, entries: &[Hcl], indent: usize) {
    let pad = "  ".repeat(indent);
    let mut i = 0;
    let mut first = true;
    while i < entries.len() {
        match &entries[i] {
            Hcl::Attr(_, v) if !v.contains('\n') => {
                let mut j = i;
                while let Some(Hcl::Attr(_, v)) = entries.get(j) {
                    if v.contains('\n') {
                        break;
                    }
                    j += 1;
                }
                let width = entries[i..j]
                    .iter()
                    .map(|e| match e {
                        Hcl::Attr(k, _) => k.len(),
                        Hcl::Block(..) => 0,
                    })
                    .max()
                    .unwrap_or(0);
                for e in &entries[i..j] {
                    if let Hcl::Attr(k, v) = e {
                        let _ = writeln!(out, "{pad}{k:<width$} = {v}");
                    }
                }
                i = j;
            }
            Hcl::Attr(k, v) => {
                if !first {
                    out.push('\n');
                }
                let _ = writeln!(out, "{pad}{k} = {v}");
                i += 1;
            }
            Hcl::Block(header, inner) => {
                if !first {
                    out.push('\n');
                }
                let _ = writeln!(out, "{pad}{header} {{");
                hcl_body(out, inner, indent + 1);
                let _ = writeln!(out, "{pad}}}");
                i += 1;
            }
        }
        first = false;
    }
}

fn hcl_block(header: &str, entries: &[Hcl]) -> String {
    let mut out = alloc::format!("{header} {{\n");
    hcl_body(&mut out, entries, 1);
    out.push_str("}\n");
    out
}

fn tf_type(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::ResourceGroup => "azurerm_resource_group",
        Kind::Workspace => "azurerm_healthcare_workspace",
        Kind::Fhir => "azurerm_healthcare_fhir_service",
        Kind::Dicom => "azurerm_healthcare_dicom_service",
        Kind::Iot => "azurerm_healthcare_medtech_service",
        Kind::Destination => "azurerm_healthcare_medtech_service_fhir_destination",
        Kind::RoleAssignment => "azurerm_role_assignment",
        Kind::Lock => "azurerm_management_lock",
        Kind::Other => return None,
    })
}

fn tf_tags(ctx: &Ctx<'_>, entries: &mut Vec<Hcl>) {
    if let Some(tags) = ctx.tags() {
        entries.push(attr("tags", hcl_value(&Value::Object(tags.clone()), 1)));
    }
}

fn tf_identity(ctx: &Ctx<'_>, entries: &mut Vec<Hcl>) {
    if let Some(t) = ctx.identity_type() {
        let mut inner = alloc::vec![attr("type", hcl_str(t))];
        let ids = ctx.user_identities();
        if !ids.is_empty() {
            let list: Vec<String> = ids.iter().map(|i| hcl_str(i)).collect();
            inner.push(attr(
                "identity_ids",
                alloc::format!("[{}]", list.join(", ")),
            ));
        }
        entries.push(Hcl::Block(String::from("identity"), inner));
    }
}

/// The Terraform equivalent of the request: a resource block for PUT and PATCH, a data
/// source for a GET, a comment where Terraform has no declarative form.
fn render_terraform(ctx: &Ctx<'_>) -> String {
    let label = tf_label(ctx.name());
    let tf = tf_type(ctx.kind);
    if let Some(text) = tf_not_a_resource(ctx, tf, &label) {
        return text;
    }
    let mut out = String::new();
    if ctx.method == Method::Patch {
        out.push_str(
            "# Terraform is declarative: change these attributes in the resource block, then run terraform apply.\n",
        );
    }
    let e = tf_attributes(ctx, &mut out);
    let header = alloc::format!(
        "resource {} {}",
        hcl_str(tf.unwrap_or("azapi_resource")),
        hcl_str(&label)
    );
    out.push_str(&hcl_block(&header, &e));
    out
}

/// What Terraform says for a request that writes no resource block (POST, DELETE, GET);
/// `None` for PUT and PATCH, which become one.
fn tf_not_a_resource(ctx: &Ctx<'_>, tf: Option<&str>, label: &str) -> Option<String> {
    match ctx.method {
        Method::Post => Some(alloc::format!(
            "# Terraform has no resource for this action (POST {}); the azapi provider's azapi_resource_action can call it.\n",
            comment_safe(ctx.req.id)
        )),
        Method::Delete => {
            let address = alloc::format!("{}.{label}", tf.unwrap_or("azapi_resource"));
            Some(alloc::format!(
                "# Delete the resource block, then run terraform apply; or:\n# terraform destroy -target={}\n",
                comment_safe(&address)
            ))
        }
        Method::Get if ctx.is_list() => Some(String::from(
            "# Terraform reads resources one at a time; `terraform state list` shows those it manages.\n",
        )),
        Method::Get => Some(tf_data(ctx, label)),
        Method::Put | Method::Patch => None,
    }
}

/// The attributes of the resource block, in the order azurerm documents them. A block may
/// need a data source first (the FHIR authority's tenant); it is written to `out`.
fn tf_attributes(ctx: &Ctx<'_>, out: &mut String) -> Vec<Hcl> {
    let mut e: Vec<Hcl> = Vec::new();
    match ctx.kind {
        Kind::ResourceGroup => {
            e.push(attr("name", hcl_str(ctx.rg())));
            tf_location(ctx, &mut e);
            tf_tags(ctx, &mut e);
        }
        Kind::Workspace => {
            e.push(attr("name", hcl_str(ctx.name())));
            e.push(attr("resource_group_name", hcl_str(ctx.rg())));
            tf_location(ctx, &mut e);
            tf_tags(ctx, &mut e);
        }
        Kind::Fhir => tf_fhir(ctx, &mut e, out),
        Kind::Dicom => tf_dicom(ctx, &mut e),
        Kind::Iot => tf_medtech(ctx, &mut e),
        Kind::Destination => tf_destination(ctx, &mut e),
        Kind::RoleAssignment => {
            e.push(attr("name", hcl_str(ctx.name())));
            e.push(attr("scope", hcl_str(&ctx.id.scope)));
            tf_body_attr(ctx, &mut e, "role_definition_id", "roleDefinitionId");
            tf_body_attr(ctx, &mut e, "principal_id", "principalId");
        }
        Kind::Lock => {
            e.push(attr("name", hcl_str(ctx.name())));
            e.push(attr("scope", hcl_str(&ctx.id.scope)));
            tf_body_attr(ctx, &mut e, "lock_level", "level");
            tf_body_attr(ctx, &mut e, "notes", "notes");
        }
        Kind::Other => tf_azapi(ctx, &mut e),
    }
    e
}

/// `location`, when the request gives one.
fn tf_location(ctx: &Ctx<'_>, e: &mut Vec<Hcl>) {
    if let Some(l) = ctx.location() {
        e.push(attr("location", hcl_str(l)));
    }
}

/// Attribute `key` from the string `properties.<property>` of the body, when present.
fn tf_body_attr(ctx: &Ctx<'_>, e: &mut Vec<Hcl>, key: &str, property: &str) {
    if let Some(v) = ctx.body_str(&["properties", property]) {
        e.push(attr(key, hcl_str(v)));
    }
}

/// `azurerm_healthcare_fhir_service`: on PUT, with the `authentication` block azurerm requires.
fn tf_fhir(ctx: &Ctx<'_>, e: &mut Vec<Hcl>, out: &mut String) {
    e.push(attr("name", hcl_str(ctx.name())));
    e.push(attr("resource_group_name", hcl_str(ctx.rg())));
    e.push(attr("workspace_id", hcl_str(&ctx.parent_id())));
    tf_location(ctx, e);
    if ctx.method == Method::Put {
        e.push(attr(
            "kind",
            hcl_str(ctx.body_str(&["kind"]).unwrap_or("fhir-R4")),
        ));
        e.push(tf_fhir_authentication(ctx, out));
    }
    tf_identity(ctx, e);
    tf_tags(ctx, e);
}

/// The FHIR service's `authentication` block. It is required by azurerm; the API fills it in
/// when omitted, so show the values the service would use (the tenant's authority comes from
/// a `azurerm_client_config` data source, written to `out`).
fn tf_fhir_authentication(ctx: &Ctx<'_>, out: &mut String) -> Hcl {
    let authority = ctx
        .body_str(&["properties", "authenticationConfiguration", "authority"])
        .map(hcl_str)
        .unwrap_or_else(|| {
            out.push_str("data \"azurerm_client_config\" \"current\" {}\n\n");
            String::from(
                "\"https://login.microsoftonline.com/${data.azurerm_client_config.current.tenant_id}\"",
            )
        });
    let audience = ctx
        .body_str(&["properties", "authenticationConfiguration", "audience"])
        .map(String::from)
        .unwrap_or_else(|| {
            alloc::format!(
                "https://{}-{}.fhir.azurehealthcareapis.com",
                ctx.level(0),
                ctx.name()
            )
        });
    Hcl::Block(
        String::from("authentication"),
        alloc::vec![
            attr("authority", authority),
            attr("audience", hcl_str(&audience))
        ],
    )
}

/// `azurerm_healthcare_dicom_service`: public network access becomes a boolean.
fn tf_dicom(ctx: &Ctx<'_>, e: &mut Vec<Hcl>) {
    e.push(attr("name", hcl_str(ctx.name())));
    e.push(attr("workspace_id", hcl_str(&ctx.parent_id())));
    tf_location(ctx, e);
    if let Some(pna) = ctx.body_str(&["properties", "publicNetworkAccess"]) {
        e.push(attr(
            "public_network_access_enabled",
            String::from(if pna.eq_ignore_ascii_case("enabled") {
                "true"
            } else {
                "false"
            }),
        ));
    }
    tf_identity(ctx, e);
    tf_tags(ctx, e);
}

/// `azurerm_healthcare_medtech_service`: the event hub it reads and its device mapping.
fn tf_medtech(ctx: &Ctx<'_>, e: &mut Vec<Hcl>) {
    e.push(attr("name", hcl_str(ctx.name())));
    e.push(attr("workspace_id", hcl_str(&ctx.parent_id())));
    tf_location(ctx, e);
    let ing = |k: &str| ctx.body_str(&["properties", "ingestionEndpointConfiguration", k]);
    if let Some(ns) = ing("fullyQualifiedEventHubNamespace") {
        // azurerm appends `.servicebus.windows.net` itself.
        let short = ns.strip_suffix(".servicebus.windows.net").unwrap_or(ns);
        e.push(attr("eventhub_namespace_name", hcl_str(short)));
    }
    if let Some(v) = ing("eventHubName") {
        e.push(attr("eventhub_name", hcl_str(v)));
    }
    if let Some(v) = ing("consumerGroup") {
        e.push(attr("eventhub_consumer_group_name", hcl_str(v)));
    }
    if let Some(content) = ctx.body_at(&["properties", "deviceMapping", "content"]) {
        e.push(attr(
            "device_mapping_json",
            alloc::format!("jsonencode({})", hcl_value(content, 1)),
        ));
    }
    tf_identity(ctx, e);
    tf_tags(ctx, e);
}

/// `azurerm_healthcare_medtech_service_fhir_destination`: the FHIR service and mapping.
fn tf_destination(ctx: &Ctx<'_>, e: &mut Vec<Hcl>) {
    e.push(attr("name", hcl_str(ctx.name())));
    e.push(attr("medtech_service_id", hcl_str(&ctx.parent_id())));
    tf_location(ctx, e);
    tf_body_attr(
        ctx,
        e,
        "destination_fhir_service_id",
        "fhirServiceResourceId",
    );
    tf_body_attr(
        ctx,
        e,
        "destination_identity_resolution_type",
        "resourceIdentityResolutionType",
    );
    if let Some(content) = ctx.body_at(&["properties", "fhirMapping", "content"]) {
        e.push(attr(
            "destination_fhir_mapping_json",
            alloc::format!("jsonencode({})", hcl_value(content, 1)),
        ));
    }
}

/// `azapi_resource` for a type azurerm does not model: type@version, parent and raw body.
fn tf_azapi(ctx: &Ctx<'_>, e: &mut Vec<Hcl>) {
    e.push(attr(
        "type",
        hcl_str(&alloc::format!(
            "{}@{}",
            ctx.req.resource_type,
            ctx.req.api_version
        )),
    ));
    e.push(attr("name", hcl_str(ctx.name())));
    e.push(attr("parent_id", hcl_str(&generic_parent(ctx))));
    tf_location(ctx, e);
    if let Some(p) = ctx.body_at(&["properties"]) {
        let mut body = serde_json::Map::new();
        body.insert(String::from("properties"), p.clone());
        e.push(attr("body", hcl_value(&Value::Object(body), 1)));
    }
    tf_tags(ctx, e);
}

/// The parent for azapi: the id without its last type/name pair; for a top-level resource
/// that is the provider-less scope (the resource group).
fn generic_parent(ctx: &Ctx<'_>) -> String {
    if ctx.id.pairs.len() <= 1 {
        ctx.id.scope.clone()
    } else {
        ctx.parent_id()
    }
}

fn tf_data(ctx: &Ctx<'_>, label: &str) -> String {
    let (data_type, entries) = match ctx.kind {
        Kind::ResourceGroup => (
            "azurerm_resource_group",
            alloc::vec![attr("name", hcl_str(ctx.rg()))],
        ),
        Kind::Workspace => (
            "azurerm_healthcare_workspace",
            alloc::vec![
                attr("name", hcl_str(ctx.name())),
                attr("resource_group_name", hcl_str(ctx.rg())),
            ],
        ),
        Kind::Fhir | Kind::Dicom | Kind::Iot => (
            tf_type(ctx.kind).unwrap_or("azapi_resource"),
            alloc::vec![
                attr("name", hcl_str(ctx.name())),
                attr("workspace_id", hcl_str(&ctx.parent_id())),
            ],
        ),
        _ => (
            "azapi_resource",
            alloc::vec![
                attr(
                    "type",
                    hcl_str(&alloc::format!(
                        "{}@{}",
                        ctx.req.resource_type,
                        ctx.req.api_version
                    )),
                ),
                attr("resource_id", hcl_str(ctx.req.id)),
            ],
        ),
    };
    hcl_block(
        &alloc::format!("data {} {}", hcl_str(data_type), hcl_str(label)),
        &entries,
    )
}

// ---- Bicep -----------------------------------------------------------------------------------

/// A Bicep string literal: `\` and `'` escaped, `$` escaped before `{` (so `${` cannot
/// interpolate), control characters as escapes.
fn bicep_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:X}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

fn bicep_key(k: &str) -> String {
    let mut chars = k.chars();
    let ident = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ident { String::from(k) } else { bicep_str(k) }
}

/// A JSON value as a Bicep expression; objects and arrays span lines at `indent`.
fn bicep_value(v: &Value, indent: usize) -> String {
    let pad = "  ".repeat(indent + 1);
    let close = "  ".repeat(indent);
    match v {
        Value::Null => String::from("null"),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => bicep_str(s),
        Value::Array(items) if items.is_empty() => String::from("[]"),
        Value::Array(items) => {
            let mut out = String::from("[\n");
            for item in items {
                let _ = writeln!(out, "{pad}{}", bicep_value(item, indent + 1));
            }
            let _ = write!(out, "{close}]");
            out
        }
        Value::Object(map) if map.is_empty() => String::from("{}"),
        Value::Object(map) => {
            let mut out = String::from("{\n");
            for (k, v) in map {
                let _ = writeln!(out, "{pad}{}: {}", bicep_key(k), bicep_value(v, indent + 1));
            }
            let _ = write!(out, "{close}}}");
            out
        }
    }
}

const BICEP_KEYWORDS: &[&str] = &[
    "resource",
    "param",
    "var",
    "output",
    "module",
    "targetScope",
    "existing",
    "import",
    "metadata",
    "type",
    "func",
    "if",
    "for",
    "in",
    "true",
    "false",
    "null",
    "az",
    "sys",
];

/// Hands out distinct Bicep symbolic names derived from resource names.
struct Symbols(BTreeSet<String>);

impl Symbols {
    fn take(&mut self, name: &str) -> String {
        let mut base: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        if !base
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        {
            base.insert_str(0, "res_");
        }
        if BICEP_KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(&base)) {
            base.push_str("_res");
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while self.0.contains(&candidate) {
            candidate = alloc::format!("{base}_{n}");
            n += 1;
        }
        self.0.insert(candidate.clone());
        candidate
    }
}

/// The resource body fields in Bicep's usual order; server-set fields are left out.
fn bicep_fields(ctx: &Ctx<'_>, out: &mut String) {
    let Some(body) = ctx.body().as_object() else {
        return;
    };
    let order = ["location", "kind", "sku", "identity", "tags", "properties"];
    for key in order {
        if let Some(v) = body.get(key) {
            let _ = writeln!(out, "  {key}: {}", bicep_value(v, 1));
        }
    }
    for (k, v) in body {
        if order.contains(&k.as_str())
            || matches!(k.as_str(), "id" | "name" | "type" | "etag" | "systemData")
        {
            continue;
        }
        let _ = writeln!(out, "  {}: {}", bicep_key(k), bicep_value(v, 1));
    }
}

fn render_bicep(ctx: &Ctx<'_>) -> String {
    let id = comment_safe(ctx.req.id);
    match ctx.method {
        Method::Post => {
            return alloc::format!(
                "// Bicep has no statement for an action (POST {id}); list*() functions cover some actions.\n"
            );
        }
        Method::Delete => {
            return alloc::format!(
                "// Bicep deployments do not delete: remove the resource from the template and deploy with\n\
                 // --mode Complete, or delete it directly: az resource delete --ids {id}\n"
            );
        }
        Method::Get if ctx.is_list() => {
            return String::from(
                "// Bicep declares resources one at a time; list them with az or the ARM API.\n",
            );
        }
        _ => {}
    }
    let mut symbols = Symbols(BTreeSet::new());
    let mut out = String::new();
    if ctx.method == Method::Patch {
        out.push_str(
            "// Bicep is declarative: set these values in the resource declaration and deploy again.\n",
        );
    }
    let existing = ctx.method == Method::Get;
    let type_version = alloc::format!("{}@{}", ctx.req.resource_type, ctx.req.api_version);
    match ctx.kind {
        Kind::ResourceGroup => {
            out.push_str("targetScope = 'subscription'\n\n");
            let sym = symbols.take(ctx.rg());
            decl_open(&mut out, &sym, &type_version, existing);
            let _ = writeln!(out, "  name: {}", bicep_str(ctx.rg()));
            if !existing {
                bicep_fields(ctx, &mut out);
            }
            out.push_str("}\n");
            if existing {
                let _ = writeln!(out, "\noutput {sym} object = {sym}.properties");
            }
        }
        Kind::RoleAssignment | Kind::Lock => {
            let scope_sym = bicep_scope(ctx, &mut symbols, &mut out);
            let sym = symbols.take(ctx.name());
            decl_open(&mut out, &sym, &type_version, existing);
            if let Some(s) = scope_sym {
                let _ = writeln!(out, "  scope: {s}");
            }
            let _ = writeln!(out, "  name: {}", bicep_str(ctx.name()));
            if !existing {
                bicep_fields(ctx, &mut out);
            }
            out.push_str("}\n");
        }
        _ => {
            // Declare the parents as `existing`, then the resource with `parent:`.
            let mut parent: Option<String> = None;
            let namespace = ctx.id.namespace.as_deref().unwrap_or("");
            let mut type_path = String::from(namespace);
            let count = ctx.id.pairs.len();
            for (i, (t, n)) in ctx.id.pairs.iter().enumerate() {
                type_path.push('/');
                type_path.push_str(t);
                if i + 1 == count {
                    break;
                }
                let sym = symbols.take(n);
                decl_open(
                    &mut out,
                    &sym,
                    &alloc::format!("{type_path}@{}", ctx.req.api_version),
                    true,
                );
                if let Some(p) = &parent {
                    let _ = writeln!(out, "  parent: {p}");
                }
                let _ = writeln!(out, "  name: {}", bicep_str(n));
                out.push_str("}\n\n");
                parent = Some(sym);
            }
            let sym = symbols.take(ctx.name());
            decl_open(&mut out, &sym, &type_version, existing);
            if let Some(p) = &parent {
                let _ = writeln!(out, "  parent: {p}");
            }
            let _ = writeln!(out, "  name: {}", bicep_str(ctx.name()));
            if !existing {
                bicep_fields(ctx, &mut out);
                if ctx.kind == Kind::Workspace && ctx.body_at(&["properties"]).is_none() {
                    out.push_str("  properties: {}\n");
                }
            }
            out.push_str("}\n");
            if existing {
                let _ = writeln!(out, "\noutput {sym} object = {sym}.properties");
            }
        }
    }
    out
}

fn decl_open(out: &mut String, sym: &str, type_version: &str, existing: bool) {
    let _ = writeln!(
        out,
        "resource {sym} {}{} = {{",
        bicep_str(type_version),
        if existing { " existing" } else { "" }
    );
}

/// Prepares the scope of an extension resource (role assignment, lock): nothing for the
/// resource group being deployed to, `targetScope = 'subscription'` for a subscription, or
/// an `existing` declaration of the scoped resource. Returns the symbol to use as `scope:`.
fn bicep_scope(ctx: &Ctx<'_>, symbols: &mut Symbols, out: &mut String) -> Option<String> {
    let scope_id = parse_id(&ctx.id.scope);
    if scope_id.namespace.is_none() {
        if scope_id.resource_group.is_some() {
            let _ = writeln!(
                out,
                "// Deploy to resource group {} (the scope).\n",
                comment_safe(scope_id.resource_group.as_deref().unwrap_or(""))
            );
        } else {
            out.push_str("targetScope = 'subscription'\n\n");
        }
        return None;
    }
    let namespace = scope_id.namespace.as_deref().unwrap_or("");
    let mut type_path = String::from(namespace);
    let mut names: Vec<&str> = Vec::new();
    for (t, n) in &scope_id.pairs {
        type_path.push('/');
        type_path.push_str(t);
        names.push(n);
    }
    let last = names.last().copied().unwrap_or("scope");
    let sym = symbols.take(last);
    decl_open(
        out,
        &sym,
        // The scope resource's own version, from the one table (the request's belongs to
        // a different type).
        &alloc::format!("{type_path}@{}", hcsim_core::api::version_for(&type_path)),
        true,
    );
    let _ = writeln!(out, "  name: {}", bicep_str(&names.join("/")));
    out.push_str("}\n\n");
    Some(sym)
}

// ---- ARM -------------------------------------------------------------------------------------

/// Percent-encodes what may not appear raw in a URL path or query value.
fn url_encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        let safe = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'(' | b')')
            || (keep_slash && b == b'/');
        if safe {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn render_arm(req: &RequestView<'_>) -> String {
    let method = req.method.to_ascii_uppercase();
    let method = if method.chars().all(|c| c.is_ascii_uppercase()) && !method.is_empty() {
        method
    } else {
        String::from("GET")
    };
    // A parsed id prints in the id type's request form (each name encoded once); text that
    // is no id is encoded whole, so it cannot break out of the URL either.
    let path =
        ArmPath::parse(req.id).map_or_else(|_| url_encode(req.id, true), |p| p.request_path());
    let mut out = alloc::format!(
        "{method} https://management.azure.com{path}?api-version={}\n",
        url_encode(req.api_version, false)
    );
    if let Some(body) = req.body {
        out.push_str(&serde_json::to_string_pretty(body).unwrap_or_default());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SUB: &str = "/subscriptions/11111111-1111-1111-1111-111111111111";
    const WS: &str = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1";

    fn eq(method: &str, id: &str, resource_type: &str, body: Option<&Value>) -> Equivalents {
        render(
            &RequestView {
                method,
                id,
                resource_type,
                api_version: "2024-03-31",
                body,
            },
            None,
        )
    }

    fn has_line(text: &str, line: &str) {
        assert!(
            text.lines().any(|l| l == line),
            "missing line {line:?} in:\n{text}"
        );
    }

    #[test]
    fn workspace_put() {
        let body = json!({"location": "eastus", "properties": {}});
        let e = eq(
            "PUT",
            WS,
            "Microsoft.HealthcareApis/workspaces",
            Some(&body),
        );
        assert_eq!(
            e.powershell,
            "New-AzHealthcareApisWorkspace -Name ws1 -ResourceGroupName rg1 -Location eastus\n"
        );
        assert!(
            e.terraform
                .starts_with("resource \"azurerm_healthcare_workspace\" \"ws1\" {\n")
        );
        has_line(&e.terraform, "  name                = \"ws1\"");
        has_line(&e.terraform, "  resource_group_name = \"rg1\"");
        has_line(&e.terraform, "  location            = \"eastus\"");
        assert_eq!(
            e.bicep,
            "resource ws1 'Microsoft.HealthcareApis/workspaces@2024-03-31' = {\n  name: 'ws1'\n  location: 'eastus'\n  properties: {}\n}\n"
        );
        assert!(e.arm.starts_with(&alloc::format!(
            "PUT https://management.azure.com{WS}?api-version=2024-03-31\n{{\n"
        )));
        has_line(&e.arm, "  \"location\": \"eastus\",");
    }

    #[test]
    fn workspace_patch_delete_get_list() {
        let body = json!({"tags": {"env": "dev"}});
        let e = eq(
            "PATCH",
            WS,
            "Microsoft.HealthcareApis/workspaces",
            Some(&body),
        );
        assert_eq!(
            e.powershell,
            "Update-AzHealthcareApisWorkspace -Name ws1 -ResourceGroupName rg1 -Tag @{'env' = 'dev'}\n"
        );
        has_line(&e.terraform, "  tags = {");
        has_line(&e.terraform, "    env = \"dev\"");
        assert!(e.arm.starts_with("PATCH "));
        let e = eq("DELETE", WS, "Microsoft.HealthcareApis/workspaces", None);
        assert_eq!(
            e.powershell,
            "Remove-AzHealthcareApisWorkspace -Name ws1 -ResourceGroupName rg1\n"
        );
        has_line(
            &e.terraform,
            "# terraform destroy -target=azurerm_healthcare_workspace.ws1",
        );
        assert!(e.bicep.contains("--mode Complete"));
        assert_eq!(
            e.arm,
            alloc::format!("DELETE https://management.azure.com{WS}?api-version=2024-03-31\n")
        );
        let e = eq("GET", WS, "Microsoft.HealthcareApis/workspaces", None);
        assert_eq!(
            e.powershell,
            "Get-AzHealthcareApisWorkspace -Name ws1 -ResourceGroupName rg1\n"
        );
        has_line(
            &e.terraform,
            "data \"azurerm_healthcare_workspace\" \"ws1\" {",
        );
        has_line(
            &e.bicep,
            "resource ws1 'Microsoft.HealthcareApis/workspaces@2024-03-31' existing = {",
        );
        let list = alloc::format!(
            "{SUB}/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces"
        );
        let e = eq("GET", &list, "Microsoft.HealthcareApis/workspaces", None);
        assert_eq!(
            e.powershell,
            "Get-AzHealthcareApisWorkspace -ResourceGroupName rg1\n"
        );
    }

    #[test]
    fn fhir_service() {
        let id = alloc::format!("{WS}/fhirservices/fhir1");
        let body = json!({"location": "eastus", "kind": "fhir-R4", "identity": {"type": "SystemAssigned"}, "properties": {}});
        let e = eq(
            "PUT",
            &id,
            "Microsoft.HealthcareApis/workspaces/fhirservices",
            Some(&body),
        );
        assert_eq!(
            e.powershell,
            "New-AzHealthcareFhirService -Name fhir1 -WorkspaceName ws1 -ResourceGroupName rg1 -Location eastus -Kind fhir-R4 -IdentityType SystemAssigned\n"
        );
        has_line(
            &e.terraform,
            "resource \"azurerm_healthcare_fhir_service\" \"fhir1\" {",
        );
        has_line(
            &e.terraform,
            &alloc::format!("  workspace_id        = \"{WS}\""),
        );
        has_line(&e.terraform, "  kind                = \"fhir-R4\"");
        has_line(&e.terraform, "  authentication {");
        has_line(
            &e.terraform,
            "    audience  = \"https://ws1-fhir1.fhir.azurehealthcareapis.com\"",
        );
        has_line(
            &e.terraform,
            "data \"azurerm_client_config\" \"current\" {}",
        );
        has_line(&e.terraform, "  identity {");
        has_line(&e.terraform, "    type = \"SystemAssigned\"");
        has_line(
            &e.bicep,
            "resource ws1 'Microsoft.HealthcareApis/workspaces@2024-03-31' existing = {",
        );
        has_line(
            &e.bicep,
            "resource fhir1 'Microsoft.HealthcareApis/workspaces/fhirservices@2024-03-31' = {",
        );
        has_line(&e.bicep, "  parent: ws1");
        has_line(&e.bicep, "  kind: 'fhir-R4'");
        let e = eq(
            "DELETE",
            &id,
            "Microsoft.HealthcareApis/workspaces/fhirservices",
            None,
        );
        assert_eq!(
            e.powershell,
            "Remove-AzHealthcareFhirService -Name fhir1 -WorkspaceName ws1 -ResourceGroupName rg1\n"
        );
        has_line(
            &e.terraform,
            "# terraform destroy -target=azurerm_healthcare_fhir_service.fhir1",
        );
        let patch = json!({"tags": {"a": "b"}});
        let e = eq(
            "PATCH",
            &id,
            "Microsoft.HealthcareApis/workspaces/fhirservices",
            Some(&patch),
        );
        assert_eq!(
            e.powershell,
            "Update-AzHealthcareFhirService -Name fhir1 -WorkspaceName ws1 -ResourceGroupName rg1 -Tag @{'a' = 'b'}\n"
        );
        let e = eq(
            "GET",
            &id,
            "Microsoft.HealthcareApis/workspaces/fhirservices",
            None,
        );
        has_line(
            &e.terraform,
            "data \"azurerm_healthcare_fhir_service\" \"fhir1\" {",
        );
    }

    #[test]
    fn same_name_parent_and_child_get_distinct_symbols() {
        let id = alloc::format!(
            "{SUB}/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/a1/dicomservices/a1"
        );
        let body = json!({"location": "eastus"});
        let e = eq(
            "PUT",
            &id,
            "Microsoft.HealthcareApis/workspaces/dicomservices",
            Some(&body),
        );
        has_line(
            &e.bicep,
            "resource a1 'Microsoft.HealthcareApis/workspaces@2024-03-31' existing = {",
        );
        has_line(
            &e.bicep,
            "resource a1_2 'Microsoft.HealthcareApis/workspaces/dicomservices@2024-03-31' = {",
        );
        has_line(&e.bicep, "  parent: a1");
        assert_eq!(
            e.powershell,
            "New-AzHealthcareDicomService -Name a1 -WorkspaceName a1 -ResourceGroupName rg1 -Location eastus\n"
        );
        has_line(
            &e.terraform,
            "resource \"azurerm_healthcare_dicom_service\" \"a1\" {",
        );
    }

    #[test]
    fn iot_connector_and_destination() {
        let id = alloc::format!("{WS}/iotconnectors/iot1");
        let body = json!({"location": "eastus", "properties": {
            "ingestionEndpointConfiguration": {"eventHubName": "hub1", "consumerGroup": "$Default",
                "fullyQualifiedEventHubNamespace": "ns1.servicebus.windows.net"},
            "deviceMapping": {"content": {"templateType": "CollectionContent", "template": []}}}});
        let e = eq(
            "PUT",
            &id,
            "Microsoft.HealthcareApis/workspaces/iotconnectors",
            Some(&body),
        );
        assert_eq!(
            e.powershell,
            "New-AzHealthcareIotConnector -Name iot1 -WorkspaceName ws1 -ResourceGroupName rg1 -Location eastus -IngestionEndpointConfigurationEventHubName hub1 -IngestionEndpointConfigurationConsumerGroup '$Default' -IngestionEndpointConfigurationFullyQualifiedEventHubNamespace ns1.servicebus.windows.net -DeviceMappingContent @{'template' = @(); 'templateType' = 'CollectionContent'}\n"
        );
        has_line(
            &e.terraform,
            "resource \"azurerm_healthcare_medtech_service\" \"iot1\" {",
        );
        has_line(&e.terraform, "  eventhub_namespace_name      = \"ns1\"");
        has_line(
            &e.terraform,
            "  eventhub_consumer_group_name = \"$Default\"",
        );
        has_line(&e.terraform, "  device_mapping_json = jsonencode({");
        has_line(&e.bicep, "      consumerGroup: '$Default'");

        let did = alloc::format!("{id}/fhirdestinations/dest1");
        let body = json!({"location": "eastus", "properties": {
            "resourceIdentityResolutionType": "Create",
            "fhirServiceResourceId": alloc::format!("{WS}/fhirservices/fhir1"),
            "fhirMapping": {"content": {"templateType": "CollectionFhir", "template": []}}}});
        let t = "Microsoft.HealthcareApis/workspaces/iotconnectors/fhirdestinations";
        let e = eq("PUT", &did, t, Some(&body));
        assert!(e.powershell.starts_with("New-AzHealthcareIotConnectorFhirDestination -FhirDestinationName dest1 -IotConnectorName iot1 -WorkspaceName ws1 -ResourceGroupName rg1 -Location eastus -ResourceIdentityResolutionType Create -FhirServiceResourceId /subscriptions/"));
        has_line(
            &e.terraform,
            "resource \"azurerm_healthcare_medtech_service_fhir_destination\" \"dest1\" {",
        );
        has_line(
            &e.terraform,
            &alloc::format!("  medtech_service_id                   = \"{id}\""),
        );
        has_line(
            &e.terraform,
            "  destination_identity_resolution_type = \"Create\"",
        );
        has_line(
            &e.bicep,
            "resource iot1 'Microsoft.HealthcareApis/workspaces/iotconnectors@2024-03-31' existing = {",
        );
        has_line(&e.bicep, "  parent: iot1");
        let e = eq("DELETE", &did, t, None);
        assert_eq!(
            e.powershell,
            "Remove-AzHealthcareIotConnectorFhirDestination -FhirDestinationName dest1 -IotConnectorName iot1 -WorkspaceName ws1 -ResourceGroupName rg1\n"
        );
    }

    #[test]
    fn resource_group() {
        let id = hcsim_core::id::ArmPath::parse(SUB)
            .unwrap()
            .group("rg1")
            .to_string();
        let body = json!({"location": "eastus", "tags": {"env": "dev"}});
        let t = "Microsoft.Resources/resourceGroups";
        let e = eq("PUT", &id, t, Some(&body));
        assert_eq!(
            e.powershell,
            "New-AzResourceGroup -Name rg1 -Location eastus -Tag @{'env' = 'dev'}\n"
        );
        has_line(
            &e.terraform,
            "resource \"azurerm_resource_group\" \"rg1\" {",
        );
        has_line(&e.terraform, "  name     = \"rg1\"");
        has_line(&e.terraform, "  location = \"eastus\"");
        assert!(e.bicep.starts_with("targetScope = 'subscription'\n\nresource rg1 'Microsoft.Resources/resourceGroups@2024-03-31' = {\n"));
        let e = eq("DELETE", &id, t, None);
        assert_eq!(e.powershell, "Remove-AzResourceGroup -Name rg1 -Force\n");
        has_line(
            &e.terraform,
            "# terraform destroy -target=azurerm_resource_group.rg1",
        );
        let e = eq("GET", &id, t, None);
        assert_eq!(e.powershell, "Get-AzResourceGroup -Name rg1\n");
        has_line(&e.terraform, "data \"azurerm_resource_group\" \"rg1\" {");
    }

    #[test]
    fn role_assignment() {
        let scope = alloc::format!("{WS}/fhirservices/fhir1");
        let id = alloc::format!(
            "{scope}/providers/Microsoft.Authorization/roleAssignments/0b5c7b3e-1111-4d6e-9a0b-123456789abc"
        );
        let body = json!({"properties": {
            "roleDefinitionId": hcsim_core::id::ArmPath::parse(SUB).unwrap().provider("Microsoft.Authorization", "roleDefinitions", "5a1fc7df-4bf1-4951-a576-89034ee01acd").to_string(),
            "principalId": "aaaaaaaa-0000-0000-0000-000000000001"}});
        let t = "Microsoft.Authorization/roleAssignments";
        let e = eq("PUT", &id, t, Some(&body));
        assert_eq!(
            e.powershell,
            alloc::format!(
                "New-AzRoleAssignment -ObjectId aaaaaaaa-0000-0000-0000-000000000001 -RoleDefinitionId 5a1fc7df-4bf1-4951-a576-89034ee01acd -Scope {scope}\n"
            )
        );
        has_line(
            &e.terraform,
            "resource \"azurerm_role_assignment\" \"r_0b5c7b3e-1111-4d6e-9a0b-123456789abc\" {",
        );
        has_line(
            &e.terraform,
            &alloc::format!("  scope              = \"{scope}\""),
        );
        has_line(
            &e.terraform,
            "  principal_id       = \"aaaaaaaa-0000-0000-0000-000000000001\"",
        );
        has_line(
            &e.bicep,
            "resource fhir1 'Microsoft.HealthcareApis/workspaces/fhirservices@2024-03-31' existing = {",
        );
        has_line(&e.bicep, "  name: 'ws1/fhir1'");
        has_line(&e.bicep, "  scope: fhir1");
        let e = eq("DELETE", &id, t, None);
        assert_eq!(
            e.powershell,
            alloc::format!(
                "Get-AzRoleAssignment -Scope {scope} | Where-Object RoleAssignmentName -eq '0b5c7b3e-1111-4d6e-9a0b-123456789abc' | Remove-AzRoleAssignment\n"
            )
        );
        has_line(
            &e.terraform,
            "# terraform destroy -target=azurerm_role_assignment.r_0b5c7b3e-1111-4d6e-9a0b-123456789abc",
        );
    }

    #[test]
    fn lock() {
        let id = hcsim_core::id::ArmPath::parse(SUB)
            .unwrap()
            .group("rg1")
            .provider("Microsoft.Authorization", "locks", "keep")
            .to_string();
        let body = json!({"properties": {"level": "CanNotDelete", "notes": "do not"}});
        let t = "Microsoft.Authorization/locks";
        let e = eq("PUT", &id, t, Some(&body));
        assert_eq!(
            e.powershell,
            alloc::format!(
                "New-AzResourceLock -LockName keep -LockLevel CanNotDelete -LockNotes 'do not' -Scope {SUB}/resourceGroups/rg1 -Force\n"
            )
        );
        has_line(
            &e.terraform,
            "resource \"azurerm_management_lock\" \"keep\" {",
        );
        has_line(&e.terraform, "  lock_level = \"CanNotDelete\"");
        has_line(
            &e.terraform,
            "  scope      = \"/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1\"",
        );
        has_line(
            &e.bicep,
            "resource keep 'Microsoft.Authorization/locks@2024-03-31' = {",
        );
        assert!(!e.bicep.contains("scope:"));
        let e = eq("DELETE", &id, t, None);
        assert_eq!(
            e.powershell,
            alloc::format!(
                "Remove-AzResourceLock -LockName keep -Scope {SUB}/resourceGroups/rg1 -Force\n"
            )
        );
    }

    #[test]
    fn generic_fallback() {
        let id = hcsim_core::id::ArmPath::parse(SUB)
            .unwrap()
            .group("rg1")
            .provider("Microsoft.KeyVault", "vaults", "kv1")
            .to_string();
        let body = json!({"location": "eastus", "properties": {"enablePurgeProtection": true}});
        let t = "Microsoft.KeyVault/vaults";
        let e = render(
            &RequestView {
                method: "put",
                id: &id,
                resource_type: t,
                api_version: "2023-07-01",
                body: Some(&body),
            },
            Some("az keyvault create -n kv1 -g rg1"),
        );
        assert_eq!(
            e.powershell,
            alloc::format!(
                "# az: az keyvault create -n kv1 -g rg1\nNew-AzResource -ResourceId {id} -Location eastus -Properties @{{'enablePurgeProtection' = $true}} -ApiVersion 2023-07-01 -Force\n"
            )
        );
        has_line(&e.terraform, "resource \"azapi_resource\" \"kv1\" {");
        has_line(
            &e.terraform,
            "  type      = \"Microsoft.KeyVault/vaults@2023-07-01\"",
        );
        has_line(
            &e.terraform,
            "  parent_id = \"/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1\"",
        );
        has_line(
            &e.bicep,
            "resource kv1 'Microsoft.KeyVault/vaults@2023-07-01' = {",
        );
        has_line(&e.bicep, "    enablePurgeProtection: true");
        let e = eq("DELETE", &id, t, None);
        assert_eq!(
            e.powershell,
            alloc::format!("Remove-AzResource -ResourceId {id} -ApiVersion 2024-03-31 -Force\n")
        );
        let post = json!({"name": "x", "type": "Microsoft.HealthcareApis/services"});
        let e = eq(
            "POST",
            &hcsim_core::id::ArmPath::parse(SUB)
                .unwrap()
                .provider_collection("Microsoft.HealthcareApis", "checkNameAvailability")
                .to_string(),
            "Microsoft.HealthcareApis/checkNameAvailability",
            Some(&post),
        );
        assert!(
            e.powershell
                .starts_with("Invoke-AzRestMethod -Method POST -Path '/subscriptions/")
        );
        assert!(e.terraform.starts_with("# "));
        assert!(e.bicep.starts_with("// "));
    }

    #[test]
    fn hostile_names_stay_inside_their_literals() {
        let evil = "a'b\"c$d${x}%{y}`e\n# f\u{2019}g\\";
        // The lab sends names percent-encoded (the id type's request form), and ids never
        // hold control characters (the front door refuses them), so the name in the id is
        // the hostile text with its newline as a space; the body keeps the newline.
        let evil_name = evil.replace('\n', " ");
        let id = ArmPath::at_subscription("11111111-1111-1111-1111-111111111111")
            .group("rg1")
            .provider("Microsoft.HealthcareApis", "workspaces", &evil_name)
            .request_path();
        let body = json!({"location": evil, "tags": {evil: evil}});
        let e = render(
            &RequestView {
                method: "PUT",
                id: &id,
                resource_type: "Microsoft.HealthcareApis/workspaces",
                api_version: "2024-03-31",
                body: Some(&body),
            },
            Some(evil),
        );
        // PowerShell: single-quoted, quotes (straight and curly) doubled.
        assert!(
            e.powershell
                .contains("-Name 'a''b\"c$d${x}%{y}`e # f\u{2019}\u{2019}g\\'")
        );
        assert!(
            e.powershell
                .contains("-Location 'a''b\"c$d${x}%{y}`e\n# f\u{2019}\u{2019}g\\'")
        );
        assert!(e.powershell.starts_with("# az: a'b\"c$d${x}%{y}`e # f"));
        // Terraform: escaped quotes and newlines, no live interpolation.
        assert!(
            e.terraform
                .contains("name                = \"a'b\\\"c$d$${x}%%{y}`e # f\u{2019}g\\\\\"")
        );
        assert!(
            e.terraform
                .contains("location            = \"a'b\\\"c$d$${x}%%{y}`e\\n# f\u{2019}g\\\\\"")
        );
        assert!(!e.terraform.contains("\n# f\u{2019}g\\\n"));
        // Bicep: escaped quote and dollar.
        assert!(
            e.bicep
                .contains("name: 'a\\'b\"c$d\\${x}%{y}`e # f\u{2019}g\\\\'")
        );
        assert!(
            e.bicep
                .contains("location: 'a\\'b\"c$d\\${x}%{y}`e\\n# f\u{2019}g\\\\'")
        );
        let sym_line = e
            .bicep
            .lines()
            .find(|l| l.starts_with("resource "))
            .unwrap_or("");
        assert!(
            sym_line.starts_with("resource a_b_c_d__x___y__e___f_g_ 'Microsoft"),
            "{sym_line}"
        );
        // ARM: the id is percent-encoded.
        assert!(e.arm.starts_with("PUT https://management.azure.com/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/a%27b%22c%24d%24%7Bx%7D%25%7By%7D%60e%20%23%20f%E2%80%99g%5C?api-version=2024-03-31\n"));
        // Each rendering's az comment stays one line.
        for text in [&e.powershell, &e.terraform, &e.bicep] {
            let first = text.lines().next().unwrap_or("");
            assert!(first.starts_with("# az: ") || first.starts_with("// az: "));
            assert!(first.contains("# f"));
        }
    }

    #[test]
    fn terraform_and_bicep_labels_are_valid_identifiers() {
        assert_eq!(tf_label("9lives"), "r_9lives");
        assert_eq!(tf_label("fs-one"), "fs-one");
        assert_eq!(tf_label(""), "r_");
        let mut s = Symbols(BTreeSet::new());
        assert_eq!(s.take("resource"), "resource_res");
        assert_eq!(s.take("fs-one"), "fs_one");
        assert_eq!(s.take("fs_one"), "fs_one_2");
        assert_eq!(s.take("1x"), "res_1x");
    }

    mod fuzz {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// Any request, however malformed, renders without panicking, and a hostile
            /// workspace name never adds a line to the comment-only renderings.
            #[test]
            fn arbitrary_requests_render(
                method in "(PUT|PATCH|DELETE|GET|POST|put|\\PC{0,6})",
                id in "\\PC{0,120}",
                rtype in "(Microsoft.HealthcareApis/workspaces(/fhirservices|/dicomservices|/iotconnectors(/fhirdestinations)?)?|Microsoft.Authorization/(locks|roleAssignments)|Microsoft.Resources/resourceGroups|\\PC{0,30})",
                name in "(\\PC|[\n\r\t'\"$`{}\u{2019}]){0,40}",
            ) {
                let body = json!({"location": name, "tags": {name.clone(): name.clone()},
                    "properties": {"level": name.clone(), "deviceMapping": {"content": [name.clone(), 1, null]}}});
                let e = render(&RequestView { method: &method, id: &id, resource_type: &rtype,
                    api_version: "2024-03-31", body: Some(&body) }, Some(&name));
                prop_assert!(!e.arm.is_empty());
                let ws_id = alloc::format!("{WS}x/{}", name.replace('/', "_"));
                let ws = render(&RequestView { method: "DELETE", id: &ws_id,
                    resource_type: "Microsoft.HealthcareApis/workspaces", api_version: "2024-03-31",
                    body: None }, None);
                // Comments are made single-line, so the destroy hint stays two lines.
                prop_assert_eq!(ws.terraform.lines().count(), 2);
                prop_assert_eq!(ws.bicep.lines().count(), 2);
            }
        }
    }

    #[test]
    fn equivalents_serialize() {
        let e = eq("GET", WS, "Microsoft.HealthcareApis/workspaces", None);
        let v = serde_json::to_value(&e).unwrap_or_default();
        for key in ["powershell", "terraform", "bicep", "arm"] {
            assert!(v[key].as_str().is_some_and(|s| !s.is_empty()));
        }
    }
}
