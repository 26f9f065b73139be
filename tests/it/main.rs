//! The integration tests, as one test binary: each file below was its own binary, and each
//! linked the library again (most of a clean `cargo test`). Modules keep them apart.

// A test stops loudly on what it did not expect; the crate's lints are for shipped code.
#![allow(clippy::unwrap_used, clippy::panic, clippy::cast_possible_truncation)]

mod assets;
mod cli;
mod clipboard_x11;
mod diagnose_corpus;
mod field_cli;
mod hostile;
mod kb_validate;
mod new_provider;
mod scan;
mod scan_pty;
mod tui_plain;
mod tui_proptest;
mod tui_pty;
mod tui_snapshots;
mod tui_update;
