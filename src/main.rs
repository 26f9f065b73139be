//! Parses the command line and dispatches; nothing else.

use std::io::Write as _;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, parser::ValueSource};
use oauth_triage::cli::{self, Cli, EXIT_USAGE};
use oauth_triage::config::{Overrides, Settings};

/// Environment variables read as options. Set but empty means unset (`OAUTH_TRIAGE_FLOWS=`
/// in a script must not make every command fail with "a value is required").
const OPTION_VARIABLES: [&str; 3] = [
    "OAUTH_TRIAGE_FLOWS",
    "OAUTH_TRIAGE_CONFIG",
    "CONNECT_SERVER",
];

fn main() -> ExitCode {
    for name in OPTION_VARIABLES {
        if std::env::var_os(name).is_some_and(|v| v.is_empty()) {
            // SAFETY: first thing in `main`, before any other thread exists, so nothing reads
            // the environment concurrently.
            unsafe { std::env::remove_var(name) };
        }
    }
    let matches = match Cli::command().try_get_matches() {
        Ok(matches) => matches,
        Err(e) => return clap_exit(&e),
    };
    let from_env = |id: &str| matches.value_source(id) == Some(ValueSource::EnvVariable);
    let overrides = Overrides {
        config_from_env: from_env("config"),
        server_from_env: from_env("server"),
        flows_from_env: from_env("flows"),
        ..Overrides::default()
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
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
        None => oauth_triage::tui::run(cli.tui.plain, cli.tui.error.as_deref(), &settings),
    };
    match result {
        Ok(outcome) => outcome.into(),
        Err(e) => fail_with(&e.to_string(), e.exit_code()),
    }
}

fn fail(message: &str) -> ExitCode {
    fail_with(message, EXIT_USAGE)
}

fn fail_with(message: &str, code: u8) -> ExitCode {
    // Not `eprintln!`: it panics when stderr is gone (a closed terminal), and the message is
    // all we have left to say. Cleaned: it may quote a file name, a flow id or an argument.
    let message = oauth_triage::text::clean(message);
    let _ = writeln!(std::io::stderr(), "oauth-triage: {message}");
    ExitCode::from(code)
}

/// What `clap::Error::exit` does (help and version on stdout with exit 0, errors on stderr with
/// exit 2), except that the text is made inert (clap quotes the arguments it rejects) and a
/// failed write is not a panic.
fn clap_exit(e: &clap::Error) -> ExitCode {
    let text = oauth_triage::text::clean(&e.render().to_string());
    let written = if e.use_stderr() {
        std::io::stderr().write_all(text.as_bytes())
    } else {
        std::io::stdout().write_all(text.as_bytes())
    };
    match (written, e.exit_code()) {
        (Err(_), _) => ExitCode::from(EXIT_USAGE),
        (Ok(()), 0) => ExitCode::SUCCESS,
        (Ok(()), _) => ExitCode::from(EXIT_USAGE),
    }
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
