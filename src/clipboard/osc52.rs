//! OSC 52: asking the terminal in front of the person to take the text, plain or wrapped for
//! tmux's passthrough.

use std::fs::OpenOptions;
use std::io::{self, Write};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

/// The OSC 52 sequence that asks the terminal to put `text` on its clipboard:
/// `ESC ] 52 ; c ; <base64> BEL`.
pub fn osc52_sequence(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", BASE64.encode(text))
}

/// `sequence` wrapped for tmux's DCS passthrough: `ESC P tmux; <sequence, every ESC doubled> ESC \`.
///
/// tmux interprets the escape sequences it receives and does not forward an application's
/// OSC 52 to the outer terminal, so the sequence would be swallowed. Wrapped this way, tmux
/// hands the inner sequence on unchanged (with `allow-passthrough on` since tmux 3.3).
pub fn tmux_passthrough(sequence: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"))
}

/// `text` without trailing `\n` or `\r\n` line ends: a copied command must not run on paste.
pub fn strip_trailing_newlines(text: &str) -> &str {
    let mut rest = text;
    while let Some(line) = rest.strip_suffix('\n') {
        rest = line.strip_suffix('\r').unwrap_or(line);
    }
    rest
}

/// Where OSC 52 sequences go.
pub(super) enum Osc52Target {
    /// The controlling terminal, falling back to stdout.
    Terminal,
    /// Anything else, e.g. a buffer in tests.
    Writer(Box<dyn Write + Send>),
}

/// Writes to the controlling terminal, so the sequence reaches it even when stdout is
/// redirected; without one (e.g. on Windows), to stdout.
pub(super) fn write_to_terminal(bytes: &[u8]) -> io::Result<()> {
    match OpenOptions::new().write(true).open("/dev/tty") {
        Ok(mut tty) => write_flushed(&mut tty, bytes),
        Err(_) => write_flushed(&mut io::stdout().lock(), bytes),
    }
}

pub(super) fn write_flushed(writer: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
    writer.write_all(bytes)?;
    writer.flush()
}
