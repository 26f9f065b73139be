//! Field checks: `check-redirect`, `token`, `check-scopes`.

use clap::Args;

use super::{CliResult, UsageError};
use crate::kb::KnowledgeBase;

#[derive(Debug, Args)]
pub struct CheckRedirectArgs {
    /// The Connect address.
    #[arg(long)]
    pub server: String,
    /// A redirect URI registered at the provider (repeatable), or a pasted authorize URL.
    #[arg(long = "registered", value_name = "URI", required = true)]
    pub registered: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TokenArgs {
    /// The token; read from stdin when absent.
    pub token: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CheckScopesArgs {
    /// The provider or template (azure, snowflake, okta, …).
    #[arg(long)]
    pub provider: String,
    /// The scope list, space- or comma-separated.
    #[arg(required = true)]
    pub scopes: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

pub fn check_redirect(_args: &CheckRedirectArgs, _kb: &KnowledgeBase) -> CliResult {
    Err(UsageError::new("check-redirect is not implemented yet"))
}

pub fn token(_args: &TokenArgs) -> CliResult {
    Err(UsageError::new("token is not implemented yet"))
}

pub fn check_scopes(_args: &CheckScopesArgs, _kb: &KnowledgeBase) -> CliResult {
    Err(UsageError::new("check-scopes is not implemented yet"))
}
