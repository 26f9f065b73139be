//! `oauth-triage redirect-uri SERVER`: the callback URI to register with a provider.

use clap::Args;

use super::{CommandResult, Failure, Outcome};
use crate::server::ConnectServer;

#[derive(Debug, Args)]
pub struct RedirectUriArgs {
    /// The Connect address, e.g. connect.example.com or https://example.com/rsc/
    pub server: String,
}

pub fn run(args: &RedirectUriArgs) -> CommandResult {
    let parsed = ConnectServer::parse(&args.server).map_err(|e| Failure::usage(e.to_string()))?;
    for warning in &parsed.warnings {
        warnln!("warning: {warning}");
    }
    outln!("{}", parsed.server.callback_uri());
    Ok(Outcome::Success)
}
