//! Copying text: arboard, OSC 52 and external tools, with an honest report of which worked.
//!
//! The layers, in the order [`ClipboardRoute::Auto`] tries them:
//!
//! 1. Inside tmux over SSH, tmux itself: `tmux load-buffer -w -` (tmux 3.2+) keeps the text as a
//!    tmux buffer and, under tmux's default `set-clipboard external`, passes it on to the outer
//!    terminal's clipboard. Its exit status says whether tmux took it.
//! 2. Over SSH, OSC 52: the system clipboard of the machine we run on is not the one in front of
//!    the person, but their terminal may accept an OSC 52 escape sequence. Inside tmux the form
//!    that can arrive is chosen from tmux's options: plain OSC 52 reaches tmux only with
//!    `set-clipboard on`, the passthrough-wrapped one only with `allow-passthrough on`.
//! 3. On Linux with a display, external tools first (`wl-copy`, `xclip`, `xsel`): they fork a
//!    process that keeps serving the text after we exit, while the system clipboard below is
//!    served by this process and is lost on exit unless a clipboard manager keeps it.
//! 4. The system clipboard through one long-lived `arboard::Clipboard`, owned by a worker thread
//!    (then the tools, where they were not tried first; `pbcopy`, `clip.exe` elsewhere).
//! 5. Locally inside tmux, tmux's buffer; and locally, OSC 52 last of all, said to be the last
//!    resort (after `sudo -i` or in an old tmux server the SSH variables are gone, yet the
//!    terminal in front of the person may still take it).
//!
//! Nothing worked → [`CopyOutcome::Failed`] listing what was tried, so the screen can tell the
//! person to select the text themselves.

use std::io::Write;
use std::time::Duration;

mod env;
mod osc52;
mod system;
mod tools;

pub use env::Env;
pub use osc52::{osc52_sequence, strip_trailing_newlines, tmux_passthrough};

use osc52::{Osc52Target, write_flushed, write_to_terminal};
use system::{SystemError, SystemLayer, SystemWorker};
use tools::{TMUX, TOOLS, run_capture, run_tool};

use crate::config::ClipboardRoute;

/// How long `copy` waits for the system clipboard thread. Connecting to an X server that does not
/// answer can hang for much longer; the UI must not.
const SYSTEM_TIMEOUT: Duration = Duration::from_secs(1);
/// How long an external tool may take to read the text and exit.
const TOOL_TIMEOUT: Duration = Duration::from_secs(2);
/// How long dropping a [`Clipboard`] waits for arboard to hand the text to a clipboard manager.
const SHUTDOWN_WAIT: Duration = Duration::from_millis(300);
/// How often waits poll a child process or thread.
const POLL: Duration = Duration::from_millis(10);

/// What happened to a copy request. Shown on screen every time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyOutcome {
    /// The system clipboard (arboard) took it.
    System,
    /// Sent as a plain OSC 52 escape sequence; the terminal may or may not have accepted it.
    Osc52,
    /// Inside tmux, sent in the form tmux's options let through.
    Osc52InTmux(Osc52Form),
    /// Locally, every other route failed (the reason says how), so OSC 52 was tried last.
    Osc52LastResort(String),
    /// `tmux load-buffer -w -` took it and exited successfully.
    Tmux,
    /// An external tool (`wl-copy`, `xclip`, …) took it and exited successfully.
    Tool(&'static str),
    /// Nothing worked; the reason says what was tried.
    Failed(String),
}

/// How OSC 52 was sent inside tmux.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Osc52Form {
    /// Plain: tmux has `set-clipboard on` and passes it on.
    Plain,
    /// Wrapped in tmux's DCS passthrough: tmux has `allow-passthrough on`.
    Passthrough,
    /// tmux's options could not be read: both were sent, and whether either arrives depends on
    /// them.
    Both,
}

impl CopyOutcome {
    /// The sentence shown to the person, never claiming more than is known.
    pub fn message(&self) -> String {
        match self {
            CopyOutcome::System if cfg!(any(target_os = "macos", windows)) => {
                "copied to the system clipboard".into()
            }
            // On X11 and Wayland the text is served by this process.
            CopyOutcome::System => "copied to the system clipboard — held by this app: after \
                                    you quit it stays only if a clipboard manager keeps it"
                .into(),
            CopyOutcome::Osc52 => "sent via OSC 52 — your terminal must allow it".into(),
            CopyOutcome::Osc52InTmux(Osc52Form::Plain) => "sent via OSC 52 to tmux, which has \
                                                           set-clipboard on and passes it on — \
                                                           your terminal must allow OSC 52"
                .into(),
            CopyOutcome::Osc52InTmux(Osc52Form::Passthrough) => {
                "sent via OSC 52 through tmux's passthrough (allow-passthrough is on) — your \
                 terminal must allow OSC 52"
                    .into()
            }
            CopyOutcome::Osc52InTmux(Osc52Form::Both) => "sent via OSC 52, plain and wrapped \
                                                          for tmux: it arrives only if tmux has \
                                                          set-clipboard on or allow-passthrough on"
                .into(),
            CopyOutcome::Osc52LastResort(why) => format!(
                "sent via OSC 52 as a last resort — your terminal must allow it (nothing else \
                 worked: {why})"
            ),
            CopyOutcome::Tmux => "copied into a tmux buffer (tmux load-buffer -w); tmux passes \
                                  it to your terminal's clipboard when set-clipboard allows"
                .into(),
            CopyOutcome::Tool(tool) => format!("copied with {tool}"),
            // What to do comes first: the status line cuts off the end of a long reason.
            CopyOutcome::Failed(why) => format!("could not copy — select the text above ({why})"),
        }
    }

    pub fn succeeded(&self) -> bool {
        !matches!(self, CopyOutcome::Failed(_))
    }
}

/// One way of copying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    Osc52,
    System,
    Tools,
    /// `tmux load-buffer -w -`.
    Tmux,
    /// OSC 52 after everything else failed.
    Osc52LastResort,
}

/// One long-lived clipboard for the whole session.
pub struct Clipboard {
    route: ClipboardRoute,
    env: Env,
    system: SystemLayer,
    osc52: Osc52Target,
    system_timeout: Duration,
    tool_timeout: Duration,
}

impl Clipboard {
    /// Never blocks: any slow set-up happens off the calling thread.
    pub fn new(route: ClipboardRoute) -> Clipboard {
        Clipboard::with_env(route, Env::from_process())
    }

    /// Like [`Clipboard::new`], deciding by `env` instead of the process environment.
    pub fn with_env(route: ClipboardRoute, env: Env) -> Clipboard {
        let layers = layers_for(route, &env);
        let system = if !layers.contains(&Layer::System) {
            SystemLayer::NotUsed
        } else if !env.has_display() {
            SystemLayer::Unavailable(
                "system clipboard: no display (DISPLAY and WAYLAND_DISPLAY are unset)".into(),
            )
        } else {
            match SystemWorker::spawn() {
                Ok(worker) => SystemLayer::Worker(worker),
                Err(err) => SystemLayer::Unavailable(format!(
                    "system clipboard: could not start its thread: {err}"
                )),
            }
        };
        Clipboard {
            route,
            env,
            system,
            osc52: Osc52Target::Terminal,
            system_timeout: SYSTEM_TIMEOUT,
            tool_timeout: TOOL_TIMEOUT,
        }
    }

    /// Sends OSC 52 sequences to `writer` instead of the terminal.
    pub fn with_osc52_writer(mut self, writer: Box<dyn Write + Send>) -> Clipboard {
        self.osc52 = Osc52Target::Writer(writer);
        self
    }

    pub fn route(&self) -> ClipboardRoute {
        self.route
    }

    /// Copies `text` without its trailing newlines, trying each layer of the route in turn.
    pub fn copy(&mut self, text: &str) -> CopyOutcome {
        if self.route == ClipboardRoute::Off {
            return CopyOutcome::Failed("copying is turned off (clipboard route off)".into());
        }
        let text = strip_trailing_newlines(text);
        let mut tried = Vec::new();
        for layer in layers_for(self.route, &self.env) {
            let result = match layer {
                Layer::Osc52LastResort => self.send_osc52(text).map(|outcome| match outcome {
                    CopyOutcome::Osc52 => CopyOutcome::Osc52LastResort(tried.join("; ")),
                    other => other,
                }),
                other => self.copy_with(other, text),
            };
            match result {
                Ok(outcome) => return outcome,
                Err(why) => tried.push(why),
            }
        }
        CopyOutcome::Failed(tried.join("; "))
    }

    fn copy_with(&mut self, layer: Layer, text: &str) -> Result<CopyOutcome, String> {
        match layer {
            Layer::Osc52 | Layer::Osc52LastResort => self.send_osc52(text),
            Layer::System => self.copy_system(text).map(|()| CopyOutcome::System),
            Layer::Tools => self.copy_tools(text).map(CopyOutcome::Tool),
            Layer::Tmux => self.copy_tmux(text).map(|()| CopyOutcome::Tmux),
        }
    }

    /// Sends OSC 52 in the one form that can arrive. Outside tmux that is the plain sequence;
    /// inside, tmux's options decide, and with both off nothing is sent: it would be dropped.
    fn send_osc52(&mut self, text: &str) -> Result<CopyOutcome, String> {
        let plain = osc52_sequence(text);
        let (bytes, outcome) = if !self.env.tmux {
            (plain, CopyOutcome::Osc52)
        } else {
            match self.tmux_osc52_form() {
                Ok(Osc52Form::Plain) => (plain, CopyOutcome::Osc52InTmux(Osc52Form::Plain)),
                Ok(Osc52Form::Passthrough) => (
                    tmux_passthrough(&plain),
                    CopyOutcome::Osc52InTmux(Osc52Form::Passthrough),
                ),
                Ok(Osc52Form::Both) => (
                    format!("{plain}{}", tmux_passthrough(&plain)),
                    CopyOutcome::Osc52InTmux(Osc52Form::Both),
                ),
                Err(why) => return Err(why),
            }
        };
        let written = match &mut self.osc52 {
            Osc52Target::Terminal => write_to_terminal(bytes.as_bytes()),
            Osc52Target::Writer(writer) => write_flushed(writer, bytes.as_bytes()),
        };
        written
            .map(|()| outcome)
            .map_err(|err| format!("OSC 52: could not write to the terminal: {err}"))
    }

    /// Which OSC 52 form tmux lets through, from `set-clipboard` and `allow-passthrough`.
    fn tmux_osc52_form(&self) -> Result<Osc52Form, String> {
        let Some(tmux) = self.env.find_on_path("tmux") else {
            return Ok(Osc52Form::Both);
        };
        let option = |name: &str| {
            run_capture(
                &tmux,
                &["show-options", "-gv", name],
                &self.env,
                self.tool_timeout,
            )
        };
        match (option("set-clipboard"), option("allow-passthrough")) {
            (Ok(clipboard), _) if clipboard.trim() == "on" => Ok(Osc52Form::Plain),
            (_, Ok(passthrough)) if matches!(passthrough.trim(), "on" | "all") => {
                Ok(Osc52Form::Passthrough)
            }
            (Ok(clipboard), Ok(passthrough)) => Err(format!(
                "OSC 52: tmux drops it (set-clipboard is {}, allow-passthrough is {}; either \
                 must be on)",
                clipboard.trim(),
                passthrough.trim()
            )),
            _ => Ok(Osc52Form::Both),
        }
    }

    fn copy_tmux(&self, text: &str) -> Result<(), String> {
        let Some(path) = self.env.find_on_path(TMUX.name) else {
            return Err("tmux: not on PATH".into());
        };
        run_tool(&TMUX, &path, text, &self.env, self.tool_timeout)
            .map_err(|why| format!("{why} (tmux load-buffer -w needs tmux 3.2 or later)"))
    }

    fn copy_system(&mut self, text: &str) -> Result<(), String> {
        let result = match &mut self.system {
            SystemLayer::NotUsed => return Err("system clipboard: not set up".into()),
            SystemLayer::Unavailable(why) => return Err(why.clone()),
            SystemLayer::Worker(worker) => worker.copy(text, self.system_timeout),
        };
        match result {
            Ok(()) => Ok(()),
            Err(SystemError::Refused(why)) => Err(why),
            Err(SystemError::Unavailable(why)) => {
                // Remembered so later copies go straight to the next layer.
                self.system = SystemLayer::Unavailable(why.clone());
                Err(why)
            }
        }
    }

    fn copy_tools(&self, text: &str) -> Result<&'static str, String> {
        let mut failures = Vec::new();
        for tool in &TOOLS {
            if tool.needs_wayland && self.env.wayland_display.is_none() {
                continue;
            }
            let Some(path) = self.env.find_on_path(tool.name) else {
                continue;
            };
            match run_tool(tool, &path, text, &self.env, self.tool_timeout) {
                Ok(()) => return Ok(tool.name),
                Err(why) => failures.push(why),
            }
        }
        if failures.is_empty() {
            let names: Vec<&str> = TOOLS.iter().map(|tool| tool.name).collect();
            return Err(format!(
                "no clipboard tool on PATH (looked for {})",
                names.join(", ")
            ));
        }
        Err(failures.join("; "))
    }
}

impl Drop for Clipboard {
    fn drop(&mut self) {
        if let SystemLayer::Worker(worker) =
            std::mem::replace(&mut self.system, SystemLayer::NotUsed)
        {
            worker.finish(SHUTDOWN_WAIT);
        }
    }
}

/// The layers a route tries, in order.
fn layers_for(route: ClipboardRoute, env: &Env) -> Vec<Layer> {
    match route {
        ClipboardRoute::Off => Vec::new(),
        ClipboardRoute::System => vec![Layer::System],
        ClipboardRoute::Osc52 => vec![Layer::Osc52],
        ClipboardRoute::Tools => vec![Layer::Tools],
        ClipboardRoute::Tmux => vec![Layer::Tmux],
        ClipboardRoute::Auto => {
            let mut layers = Vec::new();
            // Over SSH the local clipboard belongs to the server, not to the person's machine.
            if env.ssh {
                if env.tmux {
                    layers.push(Layer::Tmux);
                }
                layers.push(Layer::Osc52);
            }
            // Tools that outlive us first where the system clipboard dies with us.
            if env.outliving_tools_first() {
                layers.extend([Layer::Tools, Layer::System]);
            } else {
                layers.extend([Layer::System, Layer::Tools]);
            }
            if !env.ssh {
                if env.tmux {
                    layers.push(Layer::Tmux);
                }
                layers.push(Layer::Osc52LastResort);
            }
            layers
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;
    use std::io;
    use std::path::PathBuf;
    use std::sync::mpsc;
    use std::thread;

    use super::system::Request;
    use std::process::{Command, Stdio};
    use std::sync::{Arc, Mutex};
    use std::time::Instant;

    /// A writer whose bytes the test can read afterwards.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Captured {
        fn text(&self) -> String {
            let bytes = self.0.lock().map(|b| b.clone()).unwrap_or_default();
            String::from_utf8(bytes).expect("OSC 52 output is ASCII")
        }
    }

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| io::Error::other("poisoned"))?
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// A writer that always fails, like a terminal that went away.
    struct Broken;

    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::other("terminal gone"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// No display, no tools, not over SSH.
    fn bare_env() -> Env {
        Env {
            path: Some(OsString::new()),
            ..Env::default()
        }
    }

    fn capturing(route: ClipboardRoute, env: Env) -> (Clipboard, Captured) {
        let captured = Captured::default();
        let clipboard =
            Clipboard::with_env(route, env).with_osc52_writer(Box::new(captured.clone()));
        (clipboard, captured)
    }

    /// A directory of fake tools, put on the `PATH` of an [`Env`].
    struct FakeTools {
        dir: tempfile::TempDir,
    }

    impl FakeTools {
        fn new() -> FakeTools {
            FakeTools {
                dir: tempfile::tempdir().expect("temporary directory"),
            }
        }

        /// An executable shell script `name` with `body`.
        ///
        /// Written by a child shell, not by this process: an executable that this process has
        /// open for writing while another test thread forks fails to run with ETXTBSY.
        fn add(&self, name: &str, body: &str) -> &FakeTools {
            let path = self.dir.path().join(name);
            let mut shell = Command::new("sh")
                .args(["-c", "cat > \"$1\" && chmod +x \"$1\"", "sh"])
                .arg(&path)
                .stdin(Stdio::piped())
                .spawn()
                .expect("sh runs");
            let script = format!("#!/bin/sh\n{body}\n");
            shell
                .stdin
                .take()
                .expect("piped")
                .write_all(script.as_bytes())
                .expect("write");
            assert!(
                shell.wait().expect("sh exits").success(),
                "could not write {name}"
            );
            self
        }

        fn out(&self) -> PathBuf {
            self.dir.path().join("out")
        }

        fn env(&self) -> Env {
            Env {
                path: Some(self.dir.path().into()),
                ..Env::default()
            }
        }
    }

    #[test]
    fn osc52_sequence_is_exact() {
        assert_eq!(osc52_sequence("foo"), "\x1b]52;c;Zm9v\x07");
        assert_eq!(osc52_sequence(""), "\x1b]52;c;\x07");
        // Standard alphabet, with padding, of the UTF-8 bytes.
        assert_eq!(osc52_sequence("é"), "\x1b]52;c;w6k=\x07");
        assert_eq!(osc52_sequence("\u{fffe}?>"), "\x1b]52;c;77++Pz4=\x07");
    }

    #[test]
    fn tmux_passthrough_doubles_every_escape() {
        assert_eq!(
            tmux_passthrough(&osc52_sequence("foo")),
            "\x1bPtmux;\x1b\x1b]52;c;Zm9v\x07\x1b\\"
        );
    }

    #[test]
    fn trailing_newlines_are_stripped() {
        assert_eq!(strip_trailing_newlines("a\n"), "a");
        assert_eq!(strip_trailing_newlines("a\r\n"), "a");
        assert_eq!(strip_trailing_newlines("a\n\r\n\n"), "a");
        assert_eq!(strip_trailing_newlines("a\nb\n"), "a\nb");
        assert_eq!(strip_trailing_newlines("\n"), "");
        // Only line ends: other trailing whitespace may matter.
        assert_eq!(strip_trailing_newlines("a \t"), "a \t");
        assert_eq!(strip_trailing_newlines("a\r"), "a\r");
    }

    #[test]
    fn env_reads_the_variables_it_decides_by() {
        let vars = [
            ("SSH_CONNECTION", "1 2 3 4"),
            ("TMUX", "/tmp/t,1,0"),
            ("DISPLAY", ":1"),
        ];
        let env = Env::from_lookup(|name| {
            vars.iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| OsString::from(value))
        });
        assert!(env.ssh && env.tmux);
        assert_eq!(env.display, Some(":1".into()));
        assert_eq!(env.wayland_display, None);
        // An empty value counts as unset.
        let env = Env::from_lookup(|_| Some(OsString::new()));
        assert_eq!(env, Env::default());
    }

    #[test]
    fn over_ssh_auto_sends_osc52_first() {
        let (mut clipboard, sent) = capturing(
            ClipboardRoute::Auto,
            Env {
                ssh: true,
                ..bare_env()
            },
        );
        let outcome = clipboard.copy("foo\r\n");
        assert_eq!(outcome, CopyOutcome::Osc52);
        assert_eq!(sent.text(), "\x1b]52;c;Zm9v\x07");
        assert!(outcome.succeeded());
        assert!(
            !outcome.message().contains("copied"),
            "{}",
            outcome.message()
        );
    }

    /// A fake `tmux` answering `show-options -gv` with `set_clipboard` / `allow_passthrough`,
    /// and `load-buffer -w -` by saving stdin to `out` (exit 0) or, when `load_fails`, by
    /// refusing like tmux before 3.2.
    fn fake_tmux(set_clipboard: &str, allow_passthrough: &str, load_fails: bool) -> FakeTools {
        let tools = FakeTools::new();
        let out = tools.out();
        let load = if load_fails {
            "echo 'load-buffer: unknown flag -w' >&2; exit 1".to_string()
        } else {
            format!(
                "[ \"$2 $3\" = '-w -' ] || exit 9; cat > '{}'",
                out.display()
            )
        };
        tools.add(
            "tmux",
            &format!(
                "case \"$1 $2 $3\" in\n\
                 'show-options -gv set-clipboard') echo {set_clipboard} ;;\n\
                 'show-options -gv allow-passthrough') echo {allow_passthrough} ;;\n\
                 'load-buffer -w -') {load} ;;\n\
                 *) exit 7 ;;\nesac"
            ),
        );
        tools
    }

    fn in_tmux(tools: &FakeTools, ssh: bool) -> Env {
        Env {
            ssh,
            tmux: true,
            ..tools.env()
        }
    }

    #[test]
    fn inside_tmux_over_ssh_tmux_load_buffer_comes_first() {
        let tools = fake_tmux("external", "off", false);
        let (mut clipboard, sent) = capturing(ClipboardRoute::Auto, in_tmux(&tools, true));
        let outcome = clipboard.copy("foo\n");
        assert_eq!(outcome, CopyOutcome::Tmux, "{}", outcome.message());
        assert!(outcome.message().contains("tmux load-buffer -w"));
        assert_eq!(std::fs::read_to_string(tools.out()).expect("saved"), "foo");
        assert_eq!(sent.text(), "", "no OSC 52 when tmux took it");
    }

    #[test]
    fn inside_tmux_osc52_takes_the_form_tmux_lets_through() {
        // tmux before 3.2 refuses load-buffer -w: then OSC 52, in the form that can arrive.
        let tools = fake_tmux("external", "on", true);
        let (mut clipboard, sent) = capturing(ClipboardRoute::Auto, in_tmux(&tools, true));
        let outcome = clipboard.copy("foo");
        assert_eq!(outcome, CopyOutcome::Osc52InTmux(Osc52Form::Passthrough));
        assert_eq!(sent.text(), "\x1bPtmux;\x1b\x1b]52;c;Zm9v\x07\x1b\\");

        let tools = fake_tmux("on", "off", true);
        let (mut clipboard, sent) = capturing(ClipboardRoute::Auto, in_tmux(&tools, true));
        let outcome = clipboard.copy("foo");
        assert_eq!(outcome, CopyOutcome::Osc52InTmux(Osc52Form::Plain));
        assert_eq!(sent.text(), "\x1b]52;c;Zm9v\x07");
        assert!(outcome.message().contains("set-clipboard on"));
    }

    #[test]
    fn inside_tmux_with_both_options_off_osc52_is_not_claimed() {
        let tools = fake_tmux("external", "off", true);
        let (mut clipboard, sent) = capturing(ClipboardRoute::Osc52, in_tmux(&tools, true));
        let CopyOutcome::Failed(why) = clipboard.copy("foo") else {
            panic!("OSC 52 cannot arrive")
        };
        assert!(
            why.contains("set-clipboard is external") && why.contains("allow-passthrough is off"),
            "{why}"
        );
        assert_eq!(sent.text(), "", "nothing sent that tmux would drop");
    }

    #[test]
    fn inside_tmux_without_its_options_both_forms_are_sent_and_said() {
        // No tmux binary to ask (TMUX inherited into a container, say).
        let env = Env {
            ssh: true,
            tmux: true,
            ..bare_env()
        };
        let (mut clipboard, sent) = capturing(ClipboardRoute::Auto, env);
        let outcome = clipboard.copy("foo");
        assert_eq!(outcome, CopyOutcome::Osc52InTmux(Osc52Form::Both));
        assert_eq!(
            sent.text(),
            "\x1b]52;c;Zm9v\x07\x1bPtmux;\x1b\x1b]52;c;Zm9v\x07\x1b\\"
        );
        assert!(outcome.message().contains("arrives only if"));
    }

    #[test]
    fn route_osc52_sends_it_locally_too() {
        let (mut clipboard, sent) = capturing(ClipboardRoute::Osc52, bare_env());
        assert_eq!(clipboard.copy("foo"), CopyOutcome::Osc52);
        assert_eq!(sent.text(), osc52_sequence("foo"));
    }

    #[test]
    fn locally_auto_tries_osc52_last_and_says_so() {
        let (mut clipboard, sent) = capturing(ClipboardRoute::Auto, bare_env());
        let outcome = clipboard.copy("foo");
        let CopyOutcome::Osc52LastResort(why) = &outcome else {
            panic!("{outcome:?}")
        };
        assert!(
            why.contains("no display") && why.contains("no clipboard tool"),
            "{why}"
        );
        assert!(outcome.message().contains("last resort"));
        assert_eq!(sent.text(), osc52_sequence("foo"));
    }

    #[test]
    fn locally_inside_tmux_the_tmux_buffer_comes_before_osc52() {
        let tools = fake_tmux("external", "off", false);
        let (mut clipboard, sent) = capturing(ClipboardRoute::Auto, in_tmux(&tools, false));
        assert_eq!(clipboard.copy("foo"), CopyOutcome::Tmux);
        assert_eq!(sent.text(), "");
    }

    #[test]
    fn with_a_display_on_linux_a_tool_that_outlives_us_comes_first() {
        if cfg!(any(target_os = "macos", windows)) {
            return; // there the system clipboard keeps the text itself
        }
        let tools = FakeTools::new();
        tools.add("xclip", "cat > /dev/null");
        let env = Env {
            display: Some(":42".into()),
            ..tools.env()
        };
        let (mut clipboard, _) = capturing(ClipboardRoute::Auto, env);
        assert_eq!(clipboard.copy("x"), CopyOutcome::Tool("xclip"));
        assert!(CopyOutcome::System.message().contains("clipboard manager"));
    }

    #[test]
    fn route_off_fails_without_trying_anything() {
        let (mut clipboard, sent) = capturing(
            ClipboardRoute::Off,
            Env {
                ssh: true,
                ..bare_env()
            },
        );
        let outcome = clipboard.copy("foo");
        assert_eq!(
            outcome,
            CopyOutcome::Failed("copying is turned off (clipboard route off)".into())
        );
        assert_eq!(sent.text(), "");
    }

    #[test]
    fn no_display_and_no_tools_fails_and_says_what_was_tried() {
        let mut clipboard = Clipboard::with_env(ClipboardRoute::Auto, bare_env())
            .with_osc52_writer(Box::new(Broken));
        let outcome = clipboard.copy("foo");
        let CopyOutcome::Failed(why) = &outcome else {
            panic!("expected a failure: {outcome:?}")
        };
        assert!(why.contains("no display"), "{why}");
        assert!(why.contains("no clipboard tool on PATH"), "{why}");
        assert!(why.contains("xclip"), "{why}");
        assert!(why.contains("OSC 52: could not write"), "{why}");
        let message = outcome.message();
        assert!(!message.contains("copied to"), "{message}");
        assert!(message.contains("could not copy") && message.contains("select the text above"));
        assert!(!outcome.succeeded());
    }

    #[test]
    fn failed_osc52_falls_through_to_the_next_layers() {
        let env = Env {
            ssh: true,
            ..bare_env()
        };
        let mut clipboard =
            Clipboard::with_env(ClipboardRoute::Auto, env).with_osc52_writer(Box::new(Broken));
        let CopyOutcome::Failed(why) = clipboard.copy("foo") else {
            panic!("expected a failure")
        };
        assert!(why.starts_with("OSC 52: could not write"), "{why}");
        assert!(
            why.contains("no display") && why.contains("no clipboard tool"),
            "{why}"
        );
    }

    #[test]
    fn route_system_without_display_fails_without_a_thread() {
        let (mut clipboard, _) = capturing(ClipboardRoute::System, bare_env());
        assert!(matches!(clipboard.system, SystemLayer::Unavailable(_)));
        let CopyOutcome::Failed(why) = clipboard.copy("foo") else {
            panic!("expected a failure")
        };
        assert!(why.contains("no display") && !why.contains("tool"), "{why}");
    }

    #[test]
    fn new_returns_at_once() {
        let started = Instant::now();
        let clipboard = Clipboard::new(ClipboardRoute::Auto);
        assert!(
            started.elapsed() < Duration::from_millis(200),
            "{:?}",
            started.elapsed()
        );
        drop(clipboard);
    }

    #[test]
    fn a_tool_gets_the_text_on_stdin() {
        let tools = FakeTools::new();
        let out = tools.out();
        tools.add(
            "xsel",
            &format!(
                "[ \"$*\" = '--clipboard --input' ] || exit 9\ncat > '{}'",
                out.display()
            ),
        );
        let (mut clipboard, _) = capturing(ClipboardRoute::Tools, tools.env());
        let outcome = clipboard.copy("héllo\nworld\n");
        assert_eq!(outcome, CopyOutcome::Tool("xsel"));
        assert_eq!(outcome.message(), "copied with xsel");
        assert_eq!(
            std::fs::read_to_string(&out).expect("written"),
            "héllo\nworld"
        );
    }

    #[test]
    fn a_failing_tool_is_named_and_the_next_one_tried() {
        let tools = FakeTools::new();
        let out = tools.out();
        tools.add("xclip", "cat > /dev/null; exit 3");
        tools.add("pbcopy", &format!("cat > '{}'", out.display()));
        let (mut clipboard, _) = capturing(ClipboardRoute::Tools, tools.env());
        assert_eq!(clipboard.copy("x"), CopyOutcome::Tool("pbcopy"));

        let tools = FakeTools::new();
        tools.add("xclip", "cat > /dev/null; exit 3");
        let (mut clipboard, _) = capturing(ClipboardRoute::Tools, tools.env());
        let CopyOutcome::Failed(why) = clipboard.copy("x") else {
            panic!("expected a failure")
        };
        assert!(why.contains("xclip: failed") && why.contains('3'), "{why}");
    }

    #[test]
    fn wl_copy_is_used_only_in_a_wayland_session() {
        let tools = FakeTools::new();
        tools.add("wl-copy", "cat > /dev/null");
        tools.add("xclip", "cat > /dev/null");
        let (mut clipboard, _) = capturing(ClipboardRoute::Tools, tools.env());
        assert_eq!(clipboard.copy("x"), CopyOutcome::Tool("xclip"));

        let env = Env {
            wayland_display: Some("wayland-0".into()),
            ..tools.env()
        };
        let (mut clipboard, _) = capturing(ClipboardRoute::Tools, env);
        assert_eq!(clipboard.copy("x"), CopyOutcome::Tool("wl-copy"));
    }

    #[test]
    fn tools_see_the_display_of_the_env() {
        let tools = FakeTools::new();
        tools.add(
            "xclip",
            "cat > /dev/null; [ \"$DISPLAY\" = ':42' ] && [ -z \"${WAYLAND_DISPLAY+set}\" ]",
        );
        let env = Env {
            display: Some(":42".into()),
            ..tools.env()
        };
        let (mut clipboard, _) = capturing(ClipboardRoute::Tools, env);
        assert_eq!(clipboard.copy("x"), CopyOutcome::Tool("xclip"));
    }

    #[test]
    fn a_tool_that_hangs_is_stopped() {
        let tools = FakeTools::new();
        tools.add("xclip", "exec sleep 10");
        let (mut clipboard, _) = capturing(ClipboardRoute::Tools, tools.env());
        clipboard.tool_timeout = Duration::from_millis(200);
        let started = Instant::now();
        let CopyOutcome::Failed(why) = clipboard.copy("x") else {
            panic!("expected a failure")
        };
        assert!(why.contains("xclip: did not finish"), "{why}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn a_tool_that_ignores_the_text_has_not_copied_it() {
        let tools = FakeTools::new();
        // Closes stdin unread, then succeeds: the text (larger than a pipe buffer) never arrived.
        tools.add("xclip", "exec 0<&-; sleep 0.1");
        let (mut clipboard, _) = capturing(ClipboardRoute::Tools, tools.env());
        let CopyOutcome::Failed(why) = clipboard.copy(&"x".repeat(1 << 20)) else {
            panic!("expected a failure")
        };
        assert!(why.contains("xclip: exited without reading"), "{why}");
    }

    #[test]
    fn a_stuck_system_clipboard_is_skipped_until_it_answers() {
        // A worker that takes requests but never answers, like arboard stuck connecting to X11.
        let (requests, incoming) = mpsc::channel::<Request>();
        let handle = thread::spawn(move || {
            let held: Vec<Request> = incoming.iter().collect();
            drop(held);
        });
        let worker = SystemWorker {
            requests,
            pending: None,
            handle,
        };
        let (mut clipboard, _) = capturing(ClipboardRoute::System, bare_env());
        clipboard.system = SystemLayer::Worker(worker);
        clipboard.system_timeout = Duration::from_millis(50);
        let CopyOutcome::Failed(why) = clipboard.copy("x") else {
            panic!("expected a failure")
        };
        assert!(why.contains("no answer within 50 ms"), "{why}");
        let started = Instant::now();
        let CopyOutcome::Failed(why) = clipboard.copy("x") else {
            panic!("expected a failure")
        };
        assert!(why.contains("still busy"), "{why}");
        assert!(started.elapsed() < Duration::from_millis(40));
    }
}
