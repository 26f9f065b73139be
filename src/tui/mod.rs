//! The interactive guide.
//!
//! - `app.rs`: the state; `update.rs`: the only place it changes (pure: returns effects);
//! - `keys.rs`: the one key table (which key is which [`action::Action`] on which screen);
//! - `pick.rs`: digits typed in turn to choose past nine (part of `update`);
//! - `view/`: drawing, one file per screen region; `terminal.rs`: entering and restoring the
//!   terminal; `event_loop.rs`: reads events, runs `update`, performs effects, draws, with
//!   `copier.rs` (the clipboard on a worker thread) and `signals.rs` (SIGTERM & co., SIGTSTP).

pub mod action;
pub mod app;
mod copier;
pub mod doc;
mod event_loop;
pub mod findings;
pub mod input;
pub mod keys;
mod paste_guard;
pub mod pick;
mod signals;
pub mod style;
mod terminal;
#[doc(hidden)]
pub mod testing;
pub mod update;
pub mod view;

use std::io::{IsTerminal, Write as _};

use crate::config::Settings;
use crate::exit::{CommandResult, Failure, Outcome};
use crate::server::ConnectServer;

pub use app::App;
pub use event_loop::run_field_check;
pub use update::{Effect, Event, update};

/// Runs the guide (or `--plain`). Everything that can be refused is refused before the terminal
/// is touched, so a bad preset or a missing terminal leaves the shell exactly as it was.
///
/// `plain` asks for numbered menus instead of the full-screen guide; `error` opens on the
/// diagnosis of that text.
pub fn run(plain: bool, error: Option<&str>, settings: &Settings) -> CommandResult {
    let server = preset_server(settings)?;
    let kb = crate::kb::load_explained(&settings.flow_dirs()).map_err(Failure::Usage)?;
    let dumb = std::env::var_os("TERM").is_some_and(|term| term == "dumb");
    if dumb && !plain {
        // A dumb terminal cannot draw the guide (no cursor movement, no alternate screen).
        let _ = writeln!(
            std::io::stderr(),
            "oauth-triage: TERM=dumb, so the guide runs in --plain mode (numbered menus)"
        );
    }
    if plain || dumb {
        return crate::plain::run(&kb, server.as_ref(), error);
    }
    require_terminal()?;
    let theme = style::Theme::new(settings.theme.value);
    let mut app = App::new(kb, server, theme, (80, 24));
    if let Some(error) = error {
        update::diagnose(&mut app, error);
    }
    drive(app, settings)
}

/// The guide opened on what `oauth-triage scan` found (run on a terminal).
pub fn run_findings(
    settings: &Settings,
    kb: crate::kb::KnowledgeBase,
    found: app::FindingsState,
) -> CommandResult {
    let server = preset_server(settings)?;
    require_terminal()?;
    let theme = style::Theme::new(settings.theme.value);
    let mut app = App::new(kb, server, theme, (80, 24));
    findings::open(&mut app, found);
    drive(app, settings)
}

fn preset_server(settings: &Settings) -> Result<Option<ConnectServer>, Failure> {
    match &settings.server {
        Some(preset) => Ok(Some(
            ConnectServer::parse(&preset.value)
                .map_err(|e| {
                    Failure::usage(format!(
                        "invalid Connect server from the {}: {e}",
                        preset.origin
                    ))
                })?
                .server,
        )),
        None => Ok(None),
    }
}

fn require_terminal() -> Result<(), Failure> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Failure::usage(
            "the interactive guide needs a terminal on stdin and stdout; use --plain for numbered \
             menus on stdout, or a subcommand such as `diagnose` (see --help)",
        ));
    }
    Ok(())
}

fn drive(app: App, settings: &Settings) -> CommandResult {
    let clipboard = crate::clipboard::Clipboard::new(settings.clipboard.value);
    let ending = event_loop::run(app, clipboard, settings.mouse.value)
        .map_err(|e| Failure::Terminal(e.to_string()))?;
    match ending {
        event_loop::Ending::Quit => Ok(Outcome::Success),
        // Everything is restored and dropped by now; the status says which signal ended us
        // (see `signals.rs`), which `Outcome` has no way to carry.
        event_loop::Ending::Signal(n) => std::process::exit(signals::exit_status(n)),
    }
}
