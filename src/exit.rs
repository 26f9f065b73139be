//! How a command ends and the exit code that says so. Shared by the subcommands (`cli`), the
//! guide (`tui`) and plain mode, so neither front end depends on the command line.
//!
//! Exit codes: 0 success, 1 "no match" / "a problem was found", 2 bad usage or bad input
//! (with a message that says what and where), 74 the terminal could not be read or written
//! while the guide ran (`EX_IOERR` of sysexits.h: not the person's mistake, so not 2).

use std::process::ExitCode;

/// How a command ended when it could do its job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// No match, or a check found a problem (exit 1).
    NotFound,
}

/// Why a command could not do its job; each kind has its own exit code.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Bad usage or bad input, said in one message (exit 2).
    #[error("{0}")]
    Usage(String),
    /// Reading or writing the terminal failed while the guide ran (exit 74).
    #[error("terminal error: {0}")]
    Terminal(String),
}

/// Bad usage or bad input: exit 2.
pub const EXIT_USAGE: u8 = 2;
/// The terminal failed under the guide: exit 74 (`EX_IOERR`).
pub const EXIT_TERMINAL: u8 = 74;

impl Failure {
    /// Bad usage or bad input.
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::Usage(message.into())
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => EXIT_USAGE,
            Failure::Terminal(_) => EXIT_TERMINAL,
        }
    }
}

pub type CommandResult = Result<Outcome, Failure>;

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::NotFound => ExitCode::from(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_has_its_exit_code() {
        assert_eq!(Failure::usage("bad").exit_code(), 2);
        assert_eq!(Failure::Terminal("gone".into()).exit_code(), 74);
        assert_eq!(
            Failure::Terminal("gone".into()).to_string(),
            "terminal error: gone"
        );
    }
}
