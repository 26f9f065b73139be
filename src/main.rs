//! Parses the command line and dispatches; nothing else.

use std::io::Write as _;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, parser::ValueSource};
use oauth_triage::cli::{self, Cli, EXIT_USAGE};
use oauth_triage::config::{Overrides, Settings};

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let from_env = |id: &str| matches.value_source(id) == Some(ValueSource::EnvVariable);
    let overrides = Overrides {
        config_from_env: from_env("config"),
        server_from_env: from_env("server"),
        flows_from_env: from_env("flows"),
        ..Overrides::default()
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let overrides = Overrides {
        config: cli.global.config.clone(),
        server: cli.tui.server.clone(),
        flows: cli.global.flows.clone(),
        mouse: cli.tui.mouse,
        clipboard: cli.tui.clipboard,
        theme: cli.tui.theme,
        ..overrides
    };
    let settings = match Settings::load(&overrides) {
        Ok(settings) => settings,
        Err(e) => return fail(&e.to_string()),
    };
    // TERM=dumb runs --plain too (see `tui::run`).
    let dumb = std::env::var_os("TERM").is_some_and(|term| term == "dumb");
    if cli.command.is_some() || cli.tui.plain || dumb {
        restore_default_sigpipe();
    }
    let result = match cli.command {
        Some(command) => cli::run(command, &cli.global, &settings),
        None => oauth_triage::tui::run(&cli.tui, &settings),
    };
    match result {
        Ok(outcome) => outcome.into(),
        Err(e) => fail(&e.to_string()),
    }
}

fn fail(message: &str) -> ExitCode {
    // Not `eprintln!`: it panics when stderr is gone (a closed terminal), and the message is
    // all we have left to say.
    let _ = writeln!(std::io::stderr(), "oauth-triage: {message}");
    ExitCode::from(EXIT_USAGE)
}

/// Rust ignores SIGPIPE, so `println!` into a closed pipe (`oauth-triage list | head -1`) panics.
/// A command-line tool should simply stop, as `cat` does: restore the default action. Not for the
/// TUI, which writes to a terminal and restores it on every exit path.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any other thread exists; `signal` with `SIG_DFL`
    // only changes this process's disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
