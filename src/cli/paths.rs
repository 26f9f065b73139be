//! `oauth-triage paths`: which config file and flow directories are in use, and why.

use super::{CliResult, GlobalArgs, Outcome};
use crate::config::Settings;

pub fn run(_global: &GlobalArgs, settings: &Settings) -> CliResult {
    match &settings.config_file {
        Some(file) => println!(
            "config file:  {} (from {})",
            file.value.display(),
            file.origin
        ),
        None => match &settings.default_config_path {
            Some(path) => println!("config file:  none (would be read from {})", path.display()),
            None => println!("config file:  none (no config directory on this system)"),
        },
    }
    println!("built-in flows: embedded in the binary");
    if settings.flows.is_empty() {
        println!(
            "extra flows:  none (use --flows DIR, OAUTH_TRIAGE_FLOWS or `flows` in the config file)"
        );
    }
    for dir in &settings.flows {
        println!(
            "extra flows:  {} (from {})",
            dir.value.display(),
            dir.origin
        );
    }
    match &settings.server {
        Some(server) => println!("server:       {} (from {})", server.value, server.origin),
        None => println!(
            "server:       not set (use --server, CONNECT_SERVER or `server` in the config file)"
        ),
    }
    match crate::config::transcript_dir() {
        Some(dir) => println!("transcripts:  {}", dir.display()),
        None => println!("transcripts:  no home directory (set HOME or XDG_STATE_HOME)"),
    }
    Ok(Outcome::Success)
}
