//! The interactive guide.

use crate::cli::{CliResult, TuiArgs, UsageError};
use crate::config::Settings;

pub fn run(_args: &TuiArgs, _settings: &Settings) -> CliResult {
    Err(UsageError::new("the interactive guide is not built yet"))
}
