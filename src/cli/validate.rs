//! `oauth-triage validate [PATH ...]`: the same checks every load runs, reported one per line.

use std::path::PathBuf;

use clap::Args;

use super::{CliResult, Outcome, UsageError};

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Flow directories or files to check together with the built-in flows (which they may
    /// override). With none, the built-in flows are checked.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: &ValidateArgs) -> CliResult {
    match crate::kb::load(&args.paths) {
        Ok(kb) => {
            outln!(
                "ok: {} providers, {} questions, {} fixes",
                kb.providers().len(),
                kb.questions().len(),
                kb.fixes().len()
            );
            Ok(Outcome::Success)
        }
        Err(problems) => {
            for line in super::problem_lines(&problems) {
                outln!("{line}");
            }
            Err(UsageError::new(format!(
                "{} problem(s) found",
                problems.len()
            )))
        }
    }
}
