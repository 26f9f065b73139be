//! External clipboard tools (`wl-copy`, `xclip`, `xsel`, `pbcopy`, `clip.exe`) and tmux's
//! `load-buffer`: started with the text on stdin, each given a deadline.

use std::io::{self, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use super::{Env, POLL};

/// How tmux takes a copy: text on stdin, into a buffer, and (`-w`) on to the outer terminal's
/// clipboard.
pub(super) const TMUX: Tool = Tool {
    name: "tmux",
    args: &["load-buffer", "-w", "-"],
    needs_wayland: false,
};

/// An external clipboard tool and how to make it read the text from stdin.
pub(super) struct Tool {
    pub(super) name: &'static str,
    pub(super) args: &'static [&'static str],
    /// Only tried inside a Wayland session: outside one it cannot work.
    pub(super) needs_wayland: bool,
}

pub(super) const TOOLS: [Tool; 5] = [
    Tool {
        name: "wl-copy",
        args: &[],
        needs_wayland: true,
    },
    Tool {
        name: "xclip",
        args: &["-selection", "clipboard"],
        needs_wayland: false,
    },
    Tool {
        name: "xsel",
        args: &["--clipboard", "--input"],
        needs_wayland: false,
    },
    Tool {
        name: "pbcopy",
        args: &[],
        needs_wayland: false,
    },
    Tool {
        name: "clip.exe",
        args: &[],
        needs_wayland: false,
    },
];

/// Runs `tool`, writes `text` to its stdin and checks that it exits successfully in time.
pub(super) fn run_tool(
    tool: &Tool,
    path: &Path,
    text: &str,
    env: &Env,
    timeout: Duration,
) -> Result<(), String> {
    let name = tool.name;
    let mut command = Command::new(path);
    // Output is not read: xclip, xsel and wl-copy fork a child that keeps serving the selection,
    // and it would hold captured pipes open long after the tool itself exited.
    command
        .args(tool.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (var, value) in [
        ("DISPLAY", &env.display),
        ("WAYLAND_DISPLAY", &env.wayland_display),
    ] {
        match value {
            Some(value) => command.env(var, value),
            None => command.env_remove(var),
        };
    }
    let mut child = command
        .spawn()
        .map_err(|err| format!("{name}: could not start: {err}"))?;
    let written = feed_stdin(&mut child, text);
    let status = match wait_with_timeout(&mut child, timeout) {
        Ok(Some(status)) => status,
        Ok(None) => {
            // Reaping after the kill only keeps no zombie; the tool has failed either way.
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "{name}: did not finish within {} ms",
                timeout.as_millis()
            ));
        }
        Err(err) => return Err(format!("{name}: could not wait for it: {err}")),
    };
    check_tool_result(name, status, &written)
}

/// Runs `program args` with nothing on stdin and returns what it printed, if it succeeds in
/// time (used to read tmux's options).
pub(super) fn run_capture(
    program: &Path,
    args: &[&str],
    env: &Env,
    timeout: Duration,
) -> Result<String, String> {
    let name = program.display();
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(path) = &env.path {
        command.env("PATH", path);
    }
    let mut child = command
        .spawn()
        .map_err(|err| format!("{name}: could not start: {err}"))?;
    match wait_with_timeout(&mut child, timeout) {
        Ok(Some(status)) if status.success() => {
            let mut out = String::new();
            if let Some(mut stdout) = child.stdout.take() {
                io::Read::read_to_string(&mut stdout, &mut out)
                    .map_err(|err| format!("{name}: unreadable output: {err}"))?;
            }
            Ok(out)
        }
        Ok(Some(status)) => Err(format!("{name}: failed ({status})")),
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            Err(format!("{name}: did not answer in time"))
        }
        Err(err) => Err(format!("{name}: could not wait for it: {err}")),
    }
}

/// Writes `text` to the child's stdin on a thread of its own, so a tool that does not read cannot
/// block us; the answer says whether all of it was written.
pub(super) fn feed_stdin(child: &mut Child, text: &str) -> Receiver<io::Result<()>> {
    let (done, written) = mpsc::sync_channel(1);
    let stdin = child.stdin.take();
    let bytes = text.as_bytes().to_vec();
    // Without a thread there is nothing to report, and the channel's closing says "not written".
    let _ = thread::Builder::new()
        .name("clipboard-tool-stdin".into())
        .spawn(move || {
            let result = match stdin {
                // Dropping stdin at the end closes the pipe: the tool sees the end of the text.
                Some(mut stdin) => stdin.write_all(&bytes),
                None => Err(io::Error::other("stdin was not piped")),
            };
            let _ = done.send(result);
        });
    written
}

pub(super) fn check_tool_result(
    name: &str,
    status: ExitStatus,
    written: &Receiver<io::Result<()>>,
) -> Result<(), String> {
    if !status.success() {
        return Err(format!("{name}: failed ({status})"));
    }
    // The tool has exited, so the writer is done or about to fail; a short wait suffices.
    match written.recv_timeout(Duration::from_millis(200)) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(err)) => Err(format!(
            "{name}: exited without reading all of the text: {err}"
        )),
        Err(_) => Err(format!("{name}: exited without reading all of the text")),
    }
}

/// The child's exit status, or `None` if it is still running after `timeout`.
///
/// Polled rather than taken from the `wait-timeout` crate: that crate installs a process-wide
/// SIGCHLD handler on first use (from a library, under the guide's own signal handling) and
/// unwraps the socket pair it needs, so running out of file descriptors would be a panic. A
/// clipboard tool exits within milliseconds; polling every 10 ms costs nothing.
pub(super) fn wait_with_timeout(
    child: &mut Child,
    timeout: Duration,
) -> io::Result<Option<ExitStatus>> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        thread::sleep(POLL);
    }
}
