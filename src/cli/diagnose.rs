//! `oauth-triage diagnose [TEXT] [--json]`: pasted error text → the fixes it matches.

use clap::Args;
use serde_json::json;

use super::{CliResult, Outcome, UsageError};
use crate::diagnose::{CodeMatch, Diagnoser};
use crate::kb::KnowledgeBase;

#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// The error text; read from stdin when absent.
    pub text: Option<String>,
    /// Print `{"matches":[{"id","title","score"}, …]}`, best first.
    #[arg(long)]
    pub json: bool,
    /// Show the evidence behind the best candidates, even those below the threshold (for flow
    /// authors).
    #[arg(long, conflicts_with = "json")]
    pub explain: bool,
}

pub fn run(args: &DiagnoseArgs, kb: &KnowledgeBase) -> CliResult {
    let text = super::text_or_stdin(
        args.text.as_deref(),
        "error text",
        crate::limits::ERROR_TEXT_BYTES,
        super::Decode::Lossy,
    )?;
    if text.trim().is_empty() {
        return Err(UsageError::new(
            "no error text given (pass TEXT or pipe it on stdin)",
        ));
    }
    let diagnoser = Diagnoser::new(kb);
    if args.explain {
        outln!("score  code       wording clause quoted clues  fix");
        for (fix, b) in diagnoser.explain(&text).into_iter().take(8) {
            let code = match b.code {
                CodeMatch::None => "-",
                CodeMatch::Same => "same",
                CodeMatch::Different => "different",
            };
            let foreign = if b.foreign_entra_error {
                " (Entra paste, not an Entra fix)"
            } else {
                ""
            };
            outln!(
                "{:>5.2}  {code:<9}  {:>7.2} {:>6.2} {:>6.2} {:>5}  {}{foreign}",
                b.score(),
                b.wording,
                b.clause,
                b.quoted,
                b.clues,
                kb.fix(fix).id
            );
        }
        outln!("threshold {:.2}", crate::diagnose::THRESHOLD);
        return Ok(Outcome::Success);
    }
    let matches = diagnoser.diagnose(&text);
    if args.json {
        let items: Vec<_> = matches
            .iter()
            .map(|m| {
                let fix = kb.fix(m.fix);
                json!({ "id": fix.id, "title": fix.title, "score": (m.score * 100.0).round() / 100.0 })
            })
            .collect();
        outln!("{}", json!({ "matches": items }));
    } else if matches.is_empty() {
        outln!("No known problem matches this text.");
        outln!("Try `oauth-triage` and search with /, or `oauth-triage list`.");
    } else {
        for m in &matches {
            let fix = kb.fix(m.fix);
            outln!("{:>4.0}%  {}  {}", m.score * 100.0, fix.id, fix.title);
        }
        outln!();
        outln!("Details: oauth-triage show {}", kb.fix(matches[0].fix).id);
    }
    Ok(if matches.is_empty() {
        Outcome::NotFound
    } else {
        Outcome::Success
    })
}
