//! `oauth-triage show ID [--server URL] [--json]`: one fix, values filled in.

use clap::Args;
use serde_json::json;

use super::{CliResult, Outcome, UsageError};
use crate::config::Settings;
use crate::kb::{KnowledgeBase, Node};
use crate::report;
use crate::server::ConnectServer;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The fix id, e.g. azure/redirect-uri-mismatch (see `list`).
    pub id: String,
    /// The Connect address to fill in (overrides CONNECT_SERVER and the config file).
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &ShowArgs, kb: &KnowledgeBase, settings: &Settings) -> CliResult {
    let Some(idx) = kb.fix_by_id(args.id.trim()) else {
        let close: Vec<&str> = kb
            .fixes()
            .map(|(_, f)| f.id.as_str())
            .filter(|id| {
                strsim::levenshtein(id, &args.id) <= 4 || id.ends_with(&format!("/{}", args.id))
            })
            .collect();
        let hint = if close.is_empty() {
            "run `oauth-triage list` to see every id".to_string()
        } else {
            format!("did you mean {}?", close.join(" or "))
        };
        return Err(UsageError::new(format!(
            "unknown fix id '{}': {hint}",
            args.id
        )));
    };
    let server_text = args
        .server
        .clone()
        .or_else(|| settings.server.as_ref().map(|s| s.value.clone()));
    let server = match server_text {
        Some(text) => {
            let parsed = ConnectServer::parse(&text)
                .map_err(|e| UsageError::new(format!("--server: {e}")))?;
            for warning in &parsed.warnings {
                warnln!("warning: {warning}");
            }
            Some(parsed.server)
        }
        None => None,
    };
    let fix = kb.fix(idx);
    if args.json {
        let copy: Vec<_> = fix
            .copy
            .iter()
            .map(|&c| {
                let value = kb.copy_value(c);
                let rendered = value.value.render(server.as_ref());
                json!({ "id": value.id, "label": value.label, "kind": value.kind.key(), "value": rendered.text, "complete": rendered.complete })
            })
            .collect();
        let next = fix.if_not_fixed.map(|n| match n {
            Node::Fix(f) => kb.fix(f).id.clone(),
            Node::Question(q) => kb.question(q).id.clone(),
        });
        let doc = json!({
            "id": fix.id,
            "provider": kb.provider(fix.provider).id,
            "title": fix.title,
            "seen": fix.seen.key(),
            "errors": fix.errors.iter().map(|e| e.render(server.as_ref()).text).collect::<Vec<_>>(),
            "error_texts": fix.errors.iter().map(|e| json!({ "text": e.render(server.as_ref()).text, "source": e.source })).collect::<Vec<_>>(),
            "cause": fix.cause,
            "steps": fix.steps.iter().map(|s| s.render(server.as_ref()).text).collect::<Vec<_>>(),
            "copy": copy,
            "docs": fix.docs,
            "source": fix.source,
            "checked": fix.checked.to_string(),
            "uncertain": fix.uncertain,
            "if_not_fixed": next,
            "server": server.as_ref().map(|s| s.base().to_string()),
        });
        outln!("{doc}");
    } else {
        out!("{}", report::fix_text(kb, idx, server.as_ref()));
    }
    Ok(Outcome::Success)
}
