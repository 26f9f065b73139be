//! `oauth-triage validate [PATH ...] [--stale MONTHS]`: the same checks every load runs, reported
//! one per line; with `--stale`, also the fixes whose steps were not checked recently.

use std::path::PathBuf;

use clap::Args;
use jiff::civil::Date;

use super::{CommandResult, Failure, Outcome};
use crate::kb::KnowledgeBase;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Flow directories or files to check together with the built-in flows (which they may
    /// override). With none, the built-in flows are checked.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Also list the fixes whose `checked` date is more than MONTHS months ago, and exit with
    /// status 1 when there is any (format problems still exit with 2).
    #[arg(long, value_name = "MONTHS", value_parser = clap::value_parser!(u16).range(1..=1200))]
    pub stale: Option<u16>,
}

pub fn run(args: &ValidateArgs) -> CommandResult {
    match crate::kb::load(&args.paths) {
        Ok(kb) => {
            outln!(
                "ok: {} providers, {} questions, {} fixes",
                kb.providers().len(),
                kb.questions().len(),
                kb.fixes().len()
            );
            match args.stale {
                None => Ok(Outcome::Success),
                Some(months) => report_stale(&kb, months, jiff::Zoned::now().date()),
            }
        }
        Err(problems) => {
            for line in crate::kb::problem_lines(&problems) {
                outln!("{line}");
            }
            Err(Failure::usage(format!(
                "{} problem(s) found",
                problems.len()
            )))
        }
    }
}

/// Lists fixes last checked before `today` minus `months`, oldest first. Stale steps are not a
/// format error: the base still loads, so this ends in "a problem was found" (1), not 2.
fn report_stale(kb: &KnowledgeBase, months: u16, today: Date) -> CommandResult {
    let cutoff = today
        .checked_sub(jiff::Span::new().months(i64::from(months)))
        .map_err(|e| Failure::usage(format!("--stale {months}: {e}")))?;
    let mut stale: Vec<_> = kb
        .fixes()
        .map(|(_, fix)| fix)
        .filter(|fix| fix.checked < cutoff)
        .collect();
    stale.sort_by(|a, b| a.checked.cmp(&b.checked).then_with(|| a.id.cmp(&b.id)));
    if stale.is_empty() {
        println!("no fix was last checked before {cutoff} ({months} months ago)");
        return Ok(Outcome::Success);
    }
    println!(
        "{} fix(es) last checked before {cutoff} ({months} months ago):",
        stale.len()
    );
    for fix in stale {
        println!("stale: {}  checked {}  {}", fix.id, fix.checked, fix.title);
    }
    Ok(Outcome::NotFound)
}
