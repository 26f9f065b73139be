//! `oauth-triage export markdown`: the whole knowledge base as one troubleshooting guide.

use clap::{Args, ValueEnum};

use super::{CommandResult, Failure, Outcome};
use crate::kb::KnowledgeBase;
use crate::report;
use crate::server::ConnectServer;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Markdown,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub format: Format,
    /// Fill in values for this Connect address instead of placeholders.
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
}

pub fn run(args: &ExportArgs, kb: &KnowledgeBase) -> CommandResult {
    let server = match &args.server {
        Some(text) => Some(
            ConnectServer::parse(text)
                .map_err(|e| Failure::usage(format!("--server: {e}")))?
                .server,
        ),
        None => None,
    };
    match args.format {
        Format::Markdown => out!("{}", report::knowledge_base_markdown(kb, server.as_ref())),
    }
    Ok(Outcome::Success)
}
