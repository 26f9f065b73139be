//! Copying text: arboard, OSC 52 and external tools, with an honest report of which worked.
//!
//! (Skeleton: the layered implementation replaces the body of `copy`.)

use crate::config::ClipboardRoute;

/// What happened to a copy request. Shown on screen every time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyOutcome {
    /// The system clipboard (arboard) took it.
    System,
    /// Sent as an OSC 52 escape sequence; the terminal may or may not have accepted it.
    Osc52,
    /// An external tool (`wl-copy`, `xclip`, …) took it and exited successfully.
    Tool(&'static str),
    /// Nothing worked; the reason says what was tried.
    Failed(String),
}

impl CopyOutcome {
    /// The sentence shown to the person, never claiming more than is known.
    pub fn message(&self) -> String {
        match self {
            CopyOutcome::System => "copied to the system clipboard".into(),
            CopyOutcome::Osc52 => "sent via OSC 52 — your terminal must allow it".into(),
            CopyOutcome::Tool(tool) => format!("copied with {tool}"),
            CopyOutcome::Failed(why) => format!("could not copy ({why}) — select the text above"),
        }
    }

    pub fn succeeded(&self) -> bool {
        !matches!(self, CopyOutcome::Failed(_))
    }
}

/// One long-lived clipboard for the whole session.
pub struct Clipboard {
    route: ClipboardRoute,
}

impl Clipboard {
    /// Never blocks: any slow set-up happens off the calling thread.
    pub fn new(route: ClipboardRoute) -> Clipboard {
        Clipboard { route }
    }

    pub fn copy(&mut self, text: &str) -> CopyOutcome {
        let _ = (text, self.route);
        CopyOutcome::Failed("no clipboard route available".into())
    }
}
