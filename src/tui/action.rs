//! Everything a person can ask the TUI to do. Keys map to these ([`super::keys`]); the help
//! screen shows each one's [`Action::description`].

/// One thing to do, independent of the key that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter on a list: take the highlighted row.
    Choose,
    /// A digit key 0-9, before it is known whether more digits follow (lists longer than nine
    /// take two); `update` turns the finished number into [`Action::Pick`].
    Digit(u8),
    /// The n-th answer, value or tool (1-based), chosen by number.
    Pick(usize),
    /// One step back; earlier answers are kept.
    Back,
    Search,
    Filter,
    SetServer,
    Export,
    Help,
    FieldTools,
    /// Scan a log file or directory for OAuth errors (opens the findings).
    ScanLogs,
    /// Repaint the whole screen (after another program scribbled on it).
    Redraw,
    Quit,
    /// Ctrl-C: leave at once, from anywhere.
    ForceQuit,
    /// Ctrl-Z: give the terminal back to the shell until `fg`.
    Suspend,
    CopySelected,
    /// Show the selected value alone on the normal screen, unwrapped, to select with the mouse.
    ShowValue,
    NextValue,
    PrevValue,
    Fixed,
    NotFixed,
    /// Back to the start (after a walk has ended).
    StartOver,
    /// Typing in a text input (or, on Home, starting a search with this character).
    Insert(char),
    DeleteBack,
    ClearInput,
    /// Enter in a text input.
    Apply,
    /// Esc in a text input.
    Cancel,
    NextInput,
}

impl Action {
    /// What the action does, in words for the help screen.
    pub fn description(self) -> &'static str {
        match self {
            Action::Up => "move up",
            Action::Down => "move down",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::Top => "go to the top",
            Action::Bottom => "go to the bottom",
            Action::Choose => "choose the highlighted row",
            Action::Digit(_) => {
                "choose by number (on a fix: copy value n); past 9 type both digits, or one and Enter"
            }
            Action::Pick(_) => "choose by number",
            Action::Back => "back one step (earlier answers are kept)",
            Action::Search => "search everything (fuzzy; a space means \"and\")",
            Action::Filter => "filter this list as you type",
            Action::SetServer => "set the customer's Connect server",
            Action::Export => "export the walk as a Markdown transcript",
            Action::Help => "show this help",
            Action::FieldTools => "field tools: check redirect URIs, a token, scopes",
            Action::ScanLogs => "scan a log file or directory for OAuth errors",
            Action::Redraw => "redraw the screen",
            Action::Quit => "quit",
            Action::ForceQuit => "quit at once (works everywhere)",
            Action::Suspend => "suspend to the shell (fg resumes)",
            Action::CopySelected => "copy the selected value",
            Action::ShowValue => {
                "show the selected value alone, on one line, to select with the mouse (Enter returns)"
            }
            Action::NextValue => "select the next value to copy",
            Action::PrevValue => "select the previous value to copy",
            Action::Fixed => "yes, this fixed it",
            Action::NotFixed => "no: show the next cause, or what to collect",
            Action::StartOver => "start over from the home screen",
            Action::Insert(_) => "type text (on Home: every key but ? searches, digits too)",
            Action::DeleteBack => "delete the character before the cursor",
            Action::ClearInput => "clear the input",
            Action::Apply => "apply / run",
            Action::Cancel => "cancel and go back",
            Action::NextInput => "next input field",
        }
    }
}
