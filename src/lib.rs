//! oauth-triage: from "I see this error" to "this is the cause, do this, paste that" for Posit
//! Connect OAuth integrations.
//!
//! Data flows one way: `flows/*.toml` → [`kb`] (validated graph) → [`walk`] / [`diagnose`] →
//! command-line output ([`cli`]) or the terminal UI ([`tui`]).

pub mod kb;
pub mod server;
pub mod text;
