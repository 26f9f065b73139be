//! `oauth-triage show ID [--server URL] [--json]`: one fix, values filled in.

use clap::Args;
use serde_json::json;

use super::{CommandResult, Failure, Outcome};
use crate::config::Settings;
use crate::kb::{KnowledgeBase, Node};
use crate::report;
use crate::server::ConnectServer;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The fix id, e.g. azure/redirect-uri-mismatch (see `list`).
    #[arg(value_parser = FixId, hide_possible_values = true)]
    pub id: String,
    /// The Connect address to fill in (overrides CONNECT_SERVER and the config file).
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    #[arg(long)]
    pub json: bool,
}

/// Any text as a fix id (ids from `--flows` directories are valid too, and `run` explains an
/// unknown one), offering the built-in fix ids to shell completions.
#[derive(Debug, Clone, Copy)]
struct FixId;

impl clap::builder::TypedValueParser for FixId {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let kb = crate::kb::builtin().ok()?;
        // clap wants `'static` names without its `string` feature; this runs once, when
        // completions are printed, in a process about to exit.
        let ids: Vec<clap::builder::PossibleValue> = kb
            .fixes()
            .map(|(_, f)| {
                let id: &'static str = Box::leak(f.id.clone().into_boxed_str());
                clap::builder::PossibleValue::new(id)
            })
            .collect();
        Some(Box::new(ids.into_iter()))
    }
}

pub fn run(args: &ShowArgs, kb: &KnowledgeBase, settings: &Settings) -> CommandResult {
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
        return Err(Failure::usage(format!(
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
                .map_err(|e| Failure::usage(format!("--server: {e}")))?;
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Shell completions offer the fix ids for `show` (issue 14, "Missing"), while any id is
    /// still accepted (ids from `--flows` directories are checked by `run`).
    #[test]
    fn completions_offer_fix_ids_and_any_id_still_parses() {
        let mut out = Vec::new();
        clap_complete::generate(
            clap_complete::Shell::Bash,
            &mut crate::cli::Cli::command(),
            "oauth-triage",
            &mut out,
        );
        let script = String::from_utf8(out).expect("UTF-8");
        assert!(script.contains("azure/redirect-uri-mismatch"), "no fix ids");
        use clap::Parser;
        let cli = crate::cli::Cli::try_parse_from(["oauth-triage", "show", "mine/custom-fix"])
            .expect("any id parses");
        assert!(
            matches!(cli.command, Some(crate::cli::Command::Show(args)) if args.id == "mine/custom-fix")
        );
    }
}
