//! The command line: clap definitions here, one file per subcommand. Every subcommand returns an
//! [`Outcome`]; `main` turns it into the process exit code, so exit codes live in one place.
//!
//! Output goes through [`emit`] (stdout) and [`warn`] (stderr), never `println!`: text from flow
//! files, config and arguments is made inert on the way ([`crate::text::clean`]), and a failed
//! write (`> /dev/full`) is an error with exit code 2, not a panic.

/// `println!` for subcommands: writes through [`emit`] and returns the write error with `?`.
macro_rules! outln {
    () => { $crate::cli::emit("\n")? };
    ($($arg:tt)*) => { $crate::cli::emit(&format!("{}\n", format_args!($($arg)*)))? };
}

/// `print!` for subcommands, see [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::emit(&format!($($arg)*))? };
}

/// `eprintln!` for subcommands: inert, and a closed or full stderr is not an error.
macro_rules! warnln {
    ($($arg:tt)*) => { $crate::cli::warn(&format!($($arg)*)) };
}

mod diagnose;
mod export;
mod field;
mod list;
mod paths;
mod redirect_uri;
pub mod scan;
mod show;
mod validate;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::Settings;
use crate::kb::KnowledgeBase;

/// Guided, offline troubleshooting of Posit Connect OAuth integrations.
///
/// With no subcommand, opens the interactive guide. Paste any error into it to jump to the fix.
#[derive(Debug, Parser)]
#[command(name = "oauth-triage", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(flatten)]
    pub tui: TuiArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Extra flow directory (or file); a provider with the same id replaces the built-in one.
    /// May be given several times.
    #[arg(
        long = "flows",
        value_name = "DIR",
        global = true,
        env = "OAUTH_TRIAGE_FLOWS",
        value_delimiter = ':'
    )]
    pub flows: Vec<PathBuf>,

    /// Config file to use instead of the default one.
    #[arg(
        long = "config",
        value_name = "FILE",
        global = true,
        env = "OAUTH_TRIAGE_CONFIG"
    )]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TuiArgs {
    /// The customer's Connect address; fills in every redirect URI.
    #[arg(long = "server", value_name = "URL", env = "CONNECT_SERVER")]
    pub server: Option<String>,

    /// Open straight on the diagnosis of this error text.
    #[arg(long = "error", value_name = "TEXT")]
    pub error: Option<String>,

    /// Numbered menus on stdout, answers on stdin: for screen readers, TERM=dumb and tickets.
    #[arg(long = "plain")]
    pub plain: bool,

    /// Capture the mouse (turns off the terminal's own text selection).
    #[arg(long = "mouse")]
    pub mouse: bool,

    /// How to copy, instead of the config file's `clipboard`: auto tries each route in turn.
    #[arg(long = "clipboard", value_name = "ROUTE", value_enum)]
    pub clipboard: Option<crate::config::ClipboardRoute>,

    /// Colours, instead of the config file's `theme` (and of NO_COLOR's mono).
    #[arg(long = "theme", value_name = "THEME", value_enum)]
    pub theme: Option<crate::config::ThemeName>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Match pasted error text (TEXT, or stdin) against every known problem.
    Diagnose(diagnose::DiagnoseArgs),
    /// List every fix.
    List(list::ListArgs),
    /// Show one fix with its values filled in for a Connect server.
    Show(show::ShowArgs),
    /// Check flow files; prints file:line:col: message per problem.
    Validate(validate::ValidateArgs),
    /// Print the redirect (callback) URI for a Connect address.
    RedirectUri(redirect_uri::RedirectUriArgs),
    /// Export the whole knowledge base.
    Export(export::ExportArgs),
    /// Show the config file and flow directories in use, and where each came from.
    Paths,
    /// Compare Connect's callback with the redirect URIs a provider has registered.
    CheckRedirect(field::CheckRedirectArgs),
    /// Decode a JWT (without verifying it) and flag what matters for Connect.
    Token(field::TokenArgs),
    /// Check an integration's scope list for a provider.
    CheckScopes(field::CheckScopesArgs),
    /// Find OAuth errors in whole logs, directories or `.gz` files (stdin when none), grouped
    /// by fix. Exit 0 nothing found, 1 findings, 2 bad input.
    Scan(scan::ScanArgs),
    /// Print shell completions.
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to print completions for.
    pub shell: clap_complete::Shell,
}

const EXAMPLES: &str = "\
Examples:
  oauth-triage --server connect.example.com        open the guide for this customer
  oauth-triage diagnose 'AADSTS50011: The redirect URI ...'
  pbpaste | oauth-triage diagnose --json
  oauth-triage show azure/redirect-uri-mismatch --server connect.example.com
  oauth-triage redirect-uri https://example.com/rsc/
  oauth-triage validate ./my-flows";

pub use crate::exit::{CommandResult, EXIT_USAGE, Failure, Outcome};

/// Runs a subcommand. The TUI (no subcommand) is dispatched by `main`.
pub fn run(command: Command, global: &GlobalArgs, settings: &Settings) -> CommandResult {
    match command {
        Command::Validate(args) => validate::run(&args),
        Command::RedirectUri(args) => redirect_uri::run(&args),
        Command::Paths => paths::run(global, settings),
        Command::Completions(args) => {
            use clap::CommandFactory;
            // Into memory first: the generators panic when their writer fails.
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "oauth-triage", &mut script);
            emit_raw(&script)?;
            Ok(Outcome::Success)
        }
        Command::Token(args) => field::token(&args),
        Command::CheckRedirect(args) => field::check_redirect(&args, &load_kb(settings)?),
        Command::CheckScopes(args) => field::check_scopes(&args, &load_kb(settings)?),
        Command::Diagnose(args) => {
            let kb = load_kb(settings)?;
            let result = diagnose::run(&args, &kb);
            // The process ends right after this one-shot command: freeing the knowledge base's
            // thousands of small allocations would cost a tenth of the run for nothing.
            std::mem::forget(kb);
            result
        }
        Command::List(args) => list::run(&args, &load_kb(settings)?),
        Command::Show(args) => show::run(&args, &load_kb(settings)?, settings),
        Command::Export(args) => export::run(&args, &load_kb(settings)?),
        Command::Scan(args) => scan::run(&args, &load_kb(settings)?, settings),
    }
}

/// Writes `text` to stdout, made inert: escape sequences and control characters from flows,
/// config or arguments never reach the terminal.
pub fn emit(text: &str) -> Result<(), Failure> {
    emit_raw(crate::text::clean(text).as_bytes())
}

/// Writes bytes to stdout as they are (JSON, whose strings escape control characters; shell
/// completions). A failed write is a usage error (exit 2) naming the cause.
pub fn emit_raw(bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::usage(format!("cannot write to standard output: {e}")))
}

/// Writes one line to stderr, made inert. Errors are ignored: stderr is where errors would go.
pub fn warn(text: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{}", crate::text::clean(text));
}

/// The built-in flows plus any extra directories; every problem in them is reported.
pub fn load_kb(settings: &Settings) -> Result<KnowledgeBase, Failure> {
    crate::kb::load_explained(&settings.flow_dirs()).map_err(Failure::Usage)
}

/// How standard input that is not all UTF-8 is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decode {
    /// Refused with exit 2 (a token with a stray byte is not that token).
    Strict,
    /// Each invalid byte replaced with U+FFFD and the count said on stderr (one odd byte in a
    /// log must not lose the whole log).
    Lossy,
}

/// Reads TEXT if given, otherwise stdin, up to `limit` bytes (stated in the error when passed,
/// and enforced while reading, so 50 MB piped in never sits in memory). Refuses to wait on an
/// interactive terminal with nothing typed.
pub fn text_or_stdin(
    text: Option<&str>,
    what: &str,
    limit: u64,
    decode: Decode,
) -> Result<String, Failure> {
    let too_large = || {
        Failure::usage(format!(
            "the {what} is larger than the {} limit",
            crate::limits::human(limit)
        ))
    };
    if let Some(text) = text {
        if text.len() as u64 > limit {
            return Err(too_large());
        }
        return Ok(text.to_string());
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        warnln!("Paste the {what}, then press Ctrl-D:");
    }
    let bytes = crate::limits::read_capped(stdin.lock(), limit).map_err(|e| match e {
        crate::limits::ReadError::TooLarge(_) => too_large(),
        other => Failure::usage(format!("cannot read standard input: {other}")),
    })?;
    match (String::from_utf8(bytes), decode) {
        (Ok(text), _) => Ok(text),
        (Err(e), Decode::Strict) => Err(Failure::usage(format!(
            "standard input is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))),
        (Err(e), Decode::Lossy) => {
            let bytes = e.into_bytes();
            let replaced: usize = bytes.utf8_chunks().map(|c| c.invalid().len()).sum();
            warnln!(
                "note: standard input is not all UTF-8: {replaced} byte(s) were replaced with \u{fffd}"
            );
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definitions_are_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
