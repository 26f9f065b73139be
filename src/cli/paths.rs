//! `oauth-triage paths`: which config file and flow directories are in use, and why.

use super::{CommandResult, GlobalArgs, Outcome};
use crate::config::Settings;

pub fn run(_global: &GlobalArgs, settings: &Settings) -> CommandResult {
    match &settings.config_file {
        Some(file) => outln!(
            "config file:  {} (from {})",
            file.value.display(),
            file.origin
        ),
        None => match &settings.default_config_path {
            Some(path) => outln!("config file:  none (would be read from {})", path.display()),
            None => outln!("config file:  none (no config directory on this system)"),
        },
    }
    outln!("built-in flows: embedded in the binary");
    if settings.flows.is_empty() {
        outln!(
            "extra flows:  none (use --flows DIR, OAUTH_TRIAGE_FLOWS or `flows` in the config file)"
        );
    }
    for dir in &settings.flows {
        outln!(
            "extra flows:  {} (from {})",
            dir.value.display(),
            dir.origin
        );
    }
    match &settings.server {
        Some(server) => outln!("server:       {} (from {})", server.value, server.origin),
        None => outln!(
            "server:       not set (use --server, CONNECT_SERVER or `server` in the config file)"
        ),
    }
    match crate::config::transcript_dir() {
        Some(dir) => outln!("transcripts:  {}", dir.display()),
        None => outln!("transcripts:  no home directory (set HOME or XDG_STATE_HOME)"),
    }
    Ok(Outcome::Success)
}
