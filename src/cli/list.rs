//! `oauth-triage list [--json]`: every fix, grouped by provider.

use clap::Args;
use serde_json::json;

use super::{CommandResult, Outcome};
use crate::kb::KnowledgeBase;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print `{"fixes":[{"id","provider","title","source"}, …]}`.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &ListArgs, kb: &KnowledgeBase) -> CommandResult {
    if args.json {
        let fixes: Vec<_> = kb
            .fixes()
            .map(|(_, fix)| {
                json!({
                    "id": fix.id,
                    "provider": kb.provider(fix.provider).id,
                    "title": fix.title,
                    "source": fix.source,
                })
            })
            .collect();
        outln!("{}", json!({ "fixes": fixes }));
        return Ok(Outcome::Success);
    }
    let width = kb.fixes().map(|(_, f)| f.id.len()).max().unwrap_or(0);
    for (p, provider) in kb.providers() {
        outln!("{}", provider.name);
        for (_, fix) in kb.fixes().filter(|(_, f)| f.provider == p) {
            outln!("  {:width$}  {}", fix.id, fix.title);
        }
    }
    Ok(Outcome::Success)
}
