//! The environment variables the clipboard decides by, and where external tools are.

use std::ffi::OsString;
use std::path::PathBuf;

/// The environment variables the clipboard decides by, read once so tests can supply their own
/// instead of changing the process environment (which other tests share).
///
/// Only the decisions use it: arboard itself still reads `DISPLAY`/`WAYLAND_DISPLAY` from the
/// process, while external tools are started with the display variables given here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    /// `SSH_TTY` or `SSH_CONNECTION` is set.
    pub ssh: bool,
    /// `TMUX` is set.
    pub tmux: bool,
    pub display: Option<OsString>,
    pub wayland_display: Option<OsString>,
    /// Where external tools are looked for.
    pub path: Option<OsString>,
}

impl Env {
    /// The real environment of this process.
    pub fn from_process() -> Env {
        Env::from_lookup(|name| std::env::var_os(name))
    }

    /// Built from any lookup; empty values count as unset, as shells treat `VAR=`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<OsString>) -> Env {
        let get = |name: &str| lookup(name).filter(|value| !value.is_empty());
        Env {
            ssh: get("SSH_TTY").is_some() || get("SSH_CONNECTION").is_some(),
            tmux: get("TMUX").is_some(),
            display: get("DISPLAY"),
            wayland_display: get("WAYLAND_DISPLAY"),
            path: get("PATH"),
        }
    }

    /// Whether a system clipboard can exist at all. On Linux and the BSDs it needs a display
    /// server; macOS and Windows always have one.
    pub(super) fn has_display(&self) -> bool {
        cfg!(any(target_os = "macos", windows))
            || self.display.is_some()
            || self.wayland_display.is_some()
    }

    /// On Linux and the BSDs with a display, the system clipboard's text lives in this process
    /// and vanishes when it exits, unless a clipboard manager takes it; `wl-copy`, `xclip` and
    /// `xsel` fork a process that keeps serving it.
    pub(super) fn outliving_tools_first(&self) -> bool {
        !cfg!(any(target_os = "macos", windows)) && self.has_display()
    }

    /// The first executable called `name` in `PATH` (this environment's, which tests inject).
    pub(super) fn find_on_path(&self, name: &str) -> Option<PathBuf> {
        let path = self.path.as_ref()?;
        // A relative PATH entry is taken from where the guide was started, as a shell would
        // (if that directory is gone, the empty path leaves relative entries to the OS).
        let cwd = std::env::current_dir().unwrap_or_default();
        which::which_in(name, Some(path), cwd).ok()
    }
}
