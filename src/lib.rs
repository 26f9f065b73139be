//! oauth-triage: from "I see this error" to "this is the cause, do this, paste that" for Posit
//! Connect OAuth integrations.
//!
//! Data flows one way: `flows/*.toml` → [`kb`] (validated graph) → [`diagnose`] / walk →
//! command-line output ([`cli`]) or the terminal UI ([`tui`]).

#[doc(hidden)]
pub mod assets;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod diagnose;
pub mod exit;
pub mod field;
pub mod fuzzy;
pub mod kb;
pub mod limits;
pub mod plain;
pub mod redact;
pub mod report;
pub mod scan;
pub mod server;
pub mod text;
pub mod tui;
pub mod walk;
