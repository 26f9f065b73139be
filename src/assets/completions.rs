//! Shell completion scripts from the clap definitions, with `clap_complete`, under the names each
//! shell looks for.

use clap::CommandFactory;
use clap_complete::Shell;

use super::Asset;
use crate::cli::Cli;

/// The directory the scripts go in.
pub const DIR: &str = "assets/completions";

const BIN: &str = "oauth-triage";

pub fn scripts() -> Vec<Asset> {
    [
        (Shell::Bash, "oauth-triage.bash"),
        (Shell::Zsh, "_oauth-triage"),
        (Shell::Fish, "oauth-triage.fish"),
    ]
    .into_iter()
    .map(|(shell, file)| {
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), BIN, &mut script);
        Asset::new(format!("{DIR}/{file}"), script)
    })
    .collect()
}
