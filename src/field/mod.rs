//! Offline checks of a customer's real values: redirect URIs, tokens, scopes.
//!
//! Every check returns a [`FieldReport`]: what was read (details) and what was found (findings),
//! each finding pointing at the fix in the knowledge base that explains it. The CLI prints a
//! report, `--json` serialises it, and the TUI draws it; none of them re-derive anything.

pub mod redirect;
pub mod scopes;
pub mod token;

use serde::Serialize;

/// Azure Databricks' "Resource App ID" in Entra ID; its scope is `<this>/.default`.
pub const AZURE_DATABRICKS_RESOURCE: &str = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

/// The two ways Entra ID names Microsoft Graph as a token's audience or a scope's resource.
pub const MICROSOFT_GRAPH_RESOURCES: [&str; 2] = [
    "00000003-0000-0000-c000-000000000000",
    "https://graph.microsoft.com",
];

/// How bad a finding is. `Problem` makes the CLI exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Ok,
    Info,
    Warning,
    Problem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// One sentence, in our words, naming exactly what differs or what is wrong.
    pub message: String,
    /// The fix id (`azure/redirect-uri-mismatch`) that explains and fixes this finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldReport {
    /// What was checked, e.g. "Redirect URI check for https://connect.example.com".
    pub title: String,
    /// What was read from the input, as (label, value) pairs, in display order.
    pub details: Vec<(String, String)>,
    pub findings: Vec<Finding>,
}

impl Finding {
    pub fn new(severity: Severity, message: impl Into<String>, fix: Option<&str>) -> Self {
        Finding {
            severity,
            message: message.into(),
            fix: fix.map(str::to_string),
        }
    }
}

impl FieldReport {
    /// True when any finding is a `Problem`.
    pub fn has_problem(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == Severity::Problem)
    }
}
