//! The TUI's whole state. `update` changes it, `view` draws it; nothing here does I/O.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::diagnose::{Diagnoser, Match};
use crate::field::FieldReport;
use crate::fuzzy::{Found, Hit, SearchIndex};
use crate::kb::{FixIdx, KnowledgeBase, Node, ProviderIdx};
use crate::server::{ConnectServer, ParsedServer, ServerError};
use crate::text::SafeText;
use crate::walk::Walk;

use super::input::TextInput;
use super::keys::Context;
use super::style::Theme;

/// The TUI state. `screens[0]` is always Home; the last screen is the one shown.
#[derive(Debug)]
pub struct App {
    pub kb: KnowledgeBase,
    /// Built on first use (or by [`App::warm_up`] once the first frame is drawn): at 50× the
    /// shipped knowledge, building both before drawing kept the screen blank for half a second.
    diagnoser: OnceLock<Diagnoser>,
    index: OnceLock<SearchIndex>,
    pub server: Option<ConnectServer>,
    pub theme: Theme,
    /// The terminal size, kept up to date by resize events (scrolling needs the page height).
    pub size: (u16, u16),
    pub screens: Vec<Screen>,
    /// The last thing that happened, shown above the footer.
    pub status: Option<Status>,
    /// The first digit(s) of a number still being typed, shown instead of the status.
    pub pending_number: Option<PendingNumber>,
    /// What the transcript needs beyond the walk itself.
    pub log: SessionLog,
    /// The Connect address a paste named (in a `redirect_uri` or a callback URL) when it
    /// differs from the server set: offered by the fix screen and prefilled by `s`.
    pub pasted_server: Option<ConnectServer>,
    /// What the last frame measured of the scrolling screen it drew, and for what (see
    /// [`ScrollKey`]); scrolling keys use it instead of laying the page out again.
    pub measured: Option<(ScrollKey, super::view::Measured)>,
}

/// Everything a scrolling screen's length depends on. A measurement is used only for the state
/// it was taken in: several keys can arrive between two frames, and tests drive `update`
/// without drawing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScrollKey {
    size: (u16, u16),
    depth: usize,
    /// The walk's node, how it ended, whether a fix was said not to work, the value selected.
    walk: Option<(Node, WalkEnd, bool, usize)>,
    help_from: Option<Context>,
    servers: (Option<String>, Option<String>),
}

/// The line above the footer: what just happened, and the copied text when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub message: String,
    /// The exact text copied, shown so the person can select it if copying failed.
    pub copied: Option<String>,
    pub ok: bool,
    /// Still going (a copy in flight): neither success nor failure is known yet.
    pub busy: bool,
}

impl Status {
    pub fn info(message: impl Into<String>) -> Status {
        Status {
            message: message.into(),
            copied: None,
            ok: true,
            busy: false,
        }
    }

    /// Something under way, e.g. "copying…" while the clipboard works.
    pub fn busy(message: impl Into<String>, copied: Option<String>) -> Status {
        Status {
            message: message.into(),
            copied,
            ok: true,
            busy: true,
        }
    }

    pub fn problem(message: impl Into<String>) -> Status {
        Status {
            message: message.into(),
            copied: None,
            ok: false,
            busy: false,
        }
    }
}

/// A number being typed digit by digit to choose from a list longer than nine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingNumber {
    /// Where it was started; it means nothing anywhere else.
    pub context: Context,
    /// The digits so far ("1" on the way to "12").
    pub value: usize,
}

/// Things that happened during the session, for the transcript.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionLog {
    /// Values copied, as (label, text), in order.
    pub copied: Vec<(String, String)>,
    /// The last pasted error (cleaned, secrets redacted), if the walk started from one.
    pub pasted_error: Option<String>,
    /// Where the last transcript was written.
    pub transcript: Option<PathBuf>,
    /// What `scan` read and found, for the transcript.
    pub scanned: Option<String>,
    /// The fix opened from the findings, with the `file:line` and excerpt it was seen at.
    pub scan_example: Option<(FixIdx, String, String)>,
}

/// One screen on the stack.
#[derive(Debug)]
pub enum Screen {
    Home(HomeState),
    /// Walking a tree: a question or a fix (and how the walk ended).
    Walk(WalkState),
    Search(SearchState),
    Paste(PasteState),
    Server(ServerState),
    Help(HelpState),
    Transcript(TranscriptState),
    Field(FieldState),
    /// What `oauth-triage scan` found (see `view/findings.rs`).
    Findings(FindingsState),
    /// Typing the path of a log to scan.
    ScanInput(TextInput),
}

/// One row of the findings screen: a fix (or an unrecognised error) and what was seen of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRow {
    /// `None` for an unrecognised OAuth error.
    pub fix: Option<FixIdx>,
    pub label: String,
    pub count: u64,
    pub last_seen: Option<String>,
    /// `file:line` of the example.
    pub location: String,
    /// The example excerpt, redacted and cleaned.
    pub excerpt: String,
}

#[derive(Debug, Clone, Default)]
pub struct FindingsState {
    /// What was scanned, in a line ("3 files, 12,000 lines").
    pub scanned: String,
    /// Fixes ranked by count, then recency; unrecognised errors last.
    pub rows: Vec<FindingRow>,
    pub cursor: usize,
}

#[derive(Debug, Default)]
pub struct HomeState {
    /// Index of the highlighted provider.
    pub cursor: usize,
}

#[derive(Debug)]
pub struct WalkState {
    pub walk: Walk,
    /// Highlighted answer, as an index into the question's answers (not the filtered list).
    pub cursor: usize,
    /// Set while filtering the answers.
    pub filter: Option<TextInput>,
    /// First line shown of long content (fix, checklist).
    pub scroll: u16,
    /// Which value to copy on a fix (index into `fix.copy`).
    pub selected_value: usize,
    pub end: WalkEnd,
    /// The question a pasted error landed on, and the answers it points at (shown marked while
    /// that question is on screen).
    pub pointed: Option<(crate::kb::QuestionIdx, Vec<usize>)>,
}

/// Whether the walk is still going, and if not how it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalkEnd {
    Open,
    /// "Did this fix it?" — yes.
    Resolved,
    /// No, and nothing more to try: what to collect before escalating.
    Escalation(ProviderIdx),
}

impl WalkState {
    pub fn new(walk: Walk) -> WalkState {
        let cursor = walk.remembered_answer().unwrap_or(0);
        WalkState {
            walk,
            cursor,
            filter: None,
            scroll: 0,
            selected_value: 0,
            end: WalkEnd::Open,
            pointed: None,
        }
    }
}

#[derive(Debug, Default)]
pub struct SearchState {
    pub input: TextInput,
    pub hits: Vec<Hit>,
    /// Every entry that may match the query, to narrow the next keystroke's search.
    pub matched: Vec<usize>,
    pub cursor: usize,
    /// Results of the shorter queries typed on the way here, shortest first, so Backspace
    /// restores them instead of searching everything again.
    pub earlier: Vec<(String, Found)>,
}

#[derive(Debug)]
pub struct PasteState {
    /// The pasted text, cleaned and on one line, for showing what was diagnosed.
    pub excerpt: String,
    pub matches: Vec<Match>,
    pub cursor: usize,
    pub verdict: PasteVerdict,
}

/// What the diagnosis said, when it did not name one fix.
#[derive(Debug, Clone, PartialEq)]
pub enum PasteVerdict {
    /// Several fixes fit; `matches` lists them, best first.
    Several,
    /// The error is known for several providers and the paste does not say which: `matches`
    /// lists one fix per provider.
    WhichProvider,
    /// The paste comes from a service the knowledge base does not cover.
    NotCovered { service: SafeText, seen: String },
    /// Nothing known.
    NotKnown,
}

#[derive(Debug)]
pub struct ServerState {
    pub input: TextInput,
    /// The input read as a server, recomputed on every keystroke.
    pub preview: Result<ParsedServer, ServerError>,
    /// What the server was asked for, to finish once it is set (as navi asks for a missing
    /// variable before it prints a command).
    pub then: Option<AfterServer>,
}

/// Something waiting for the Connect server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterServer {
    /// Copy value `index` (0-based) of the fix shown below: it holds a placeholder until the
    /// server is known, and a placeholder is never copied.
    CopyValue { index: usize, label: String },
    /// Go back to the redirect check with what had been typed into it, and run it.
    RedirectCheck,
}

impl ServerState {
    pub fn new(text: &str) -> ServerState {
        let input = TextInput::new(text);
        let preview = ConnectServer::parse(input.as_str());
        ServerState {
            input,
            preview,
            then: None,
        }
    }
}

#[derive(Debug)]
pub struct HelpState {
    /// The screen help was opened from; its keys are listed first.
    pub from: Context,
    pub scroll: u16,
}

#[derive(Debug)]
pub struct TranscriptState {
    /// `None` while the file is being written.
    pub written: Option<Result<PathBuf, String>>,
}

/// The three offline checks of the field tools screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldTool {
    Redirect,
    Token,
    Scopes,
}

impl FieldTool {
    pub const ALL: [FieldTool; 3] = [FieldTool::Redirect, FieldTool::Token, FieldTool::Scopes];

    pub fn title(self) -> &'static str {
        match self {
            FieldTool::Redirect => "Redirect URI check",
            FieldTool::Token => "Token inspector",
            FieldTool::Scopes => "Scope check",
        }
    }

    pub fn summary(self) -> &'static str {
        match self {
            FieldTool::Redirect => {
                "compare the URIs registered at the provider with Connect's callback"
            }
            FieldTool::Token => "decode a JWT (never verified, never stored) and flag what matters",
            FieldTool::Scopes => "check an integration's scope list for a provider",
        }
    }

    /// The inputs the tool asks for, as labels.
    pub fn inputs(self) -> &'static [&'static str] {
        match self {
            FieldTool::Redirect => &["Registered redirect URIs (separate with spaces)"],
            FieldTool::Token => &[
                "Token (JWT)",
                "Expected scopes (optional; <resource>/.default checks the audience)",
            ],
            FieldTool::Scopes => &[
                "Provider (azure or entra, snowflake, keycloak, github, …)",
                "Scopes",
                "Service account? (y/n)",
            ],
        }
    }
}

#[derive(Debug)]
pub struct FieldState {
    pub tool: FieldTool,
    pub focus: FieldFocus,
    /// One per [`FieldTool::inputs`] label.
    pub inputs: Vec<TextInput>,
    /// `None` until a check ran.
    pub report: Option<Result<FieldReport, String>>,
    /// Highlighted finding in the report.
    pub finding: usize,
    /// Highlighted tool in the menu.
    pub menu_cursor: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldFocus {
    Menu,
    /// Typing in the n-th input.
    Input(usize),
    Report,
}

impl FieldState {
    pub fn new() -> FieldState {
        FieldState {
            tool: FieldTool::Redirect,
            focus: FieldFocus::Menu,
            inputs: Vec::new(),
            report: None,
            finding: 0,
            menu_cursor: 0,
        }
    }

    /// Opens `tool`'s form. Opening the same tool again keeps what was typed into it (after a
    /// trip to set the server, say).
    pub fn open_tool(&mut self, tool: FieldTool) {
        if self.tool != tool || self.inputs.len() != tool.inputs().len() {
            self.inputs = vec![TextInput::default(); tool.inputs().len()];
        }
        self.tool = tool;
        self.focus = FieldFocus::Input(0);
        self.report = None;
        self.finding = 0;
    }
}

impl Default for FieldState {
    fn default() -> Self {
        FieldState::new()
    }
}

impl App {
    /// A fresh session on Home. `server` is already validated.
    pub fn new(
        kb: KnowledgeBase,
        server: Option<ConnectServer>,
        theme: Theme,
        size: (u16, u16),
    ) -> App {
        App {
            kb,
            diagnoser: OnceLock::new(),
            index: OnceLock::new(),
            server,
            theme,
            size,
            screens: vec![Screen::Home(HomeState::default())],
            status: None,
            pending_number: None,
            log: SessionLog::default(),
            pasted_server: None,
            measured: None,
        }
    }

    /// What the current screen's scrolling length depends on.
    pub fn scroll_key(&self) -> ScrollKey {
        let (walk, help_from) = match self.screen() {
            Screen::Walk(state) => (
                Some((
                    state.walk.current(),
                    state.end,
                    state.walk.after_not_fixed(),
                    state.selected_value,
                )),
                None,
            ),
            Screen::Help(state) => (None, Some(state.from)),
            _ => (None, None),
        };
        let base = |s: &Option<ConnectServer>| s.as_ref().map(|s| s.base().to_string());
        ScrollKey {
            size: self.size,
            depth: self.screens.len(),
            walk,
            help_from,
            servers: (base(&self.server), base(&self.pasted_server)),
        }
    }

    /// Keeps what the frame just drawn measured, for the keys that follow it.
    pub fn remember(&mut self, measured: Option<super::view::Measured>) {
        self.measured = measured.map(|m| (self.scroll_key(), m));
    }

    /// The diagnosis index of the knowledge base, built the first time it is needed.
    pub fn diagnoser(&self) -> &Diagnoser {
        self.diagnoser.get_or_init(|| Diagnoser::new(&self.kb))
    }

    /// The search index of the knowledge base, built the first time it is needed.
    pub fn search_index(&self) -> &SearchIndex {
        self.index.get_or_init(|| SearchIndex::build(&self.kb))
    }

    /// The search index and the top screen at once: a search reads the one and updates the other.
    pub fn search_index_and_screen(&mut self) -> (&SearchIndex, Option<&mut Screen>) {
        let index = self.index.get_or_init(|| SearchIndex::build(&self.kb));
        (index, self.screens.last_mut())
    }

    /// Builds what the first search or paste will need, so that it does not wait for it.
    pub fn warm_up(&self) {
        self.search_index();
        self.diagnoser();
    }

    pub fn screen(&self) -> &Screen {
        // `screens` never loses its first element: see `pop_screen`.
        self.screens
            .last()
            .unwrap_or_else(|| unreachable!("Home is never popped"))
    }

    pub fn screen_mut(&mut self) -> &mut Screen {
        self.screens
            .last_mut()
            .unwrap_or_else(|| unreachable!("Home is never popped"))
    }

    pub fn push_screen(&mut self, screen: Screen) {
        self.screens.push(screen);
    }

    /// Closes the top screen; Home stays.
    pub fn pop_screen(&mut self) {
        if self.screens.len() > 1 {
            self.screens.pop();
        }
    }

    /// The walk on the stack, if any (there is at most one).
    pub fn walk_state(&self) -> Option<&WalkState> {
        self.screens.iter().rev().find_map(|s| match s {
            Screen::Walk(w) => Some(w),
            _ => None,
        })
    }

    pub fn walk_state_mut(&mut self) -> Option<&mut WalkState> {
        self.screens.iter_mut().rev().find_map(|s| match s {
            Screen::Walk(w) => Some(w),
            _ => None,
        })
    }

    /// Starts showing `walk`, replacing any previous walk and closing overlays above it.
    pub fn open_walk(&mut self, walk: Walk) {
        self.screens.truncate(1);
        self.screens.push(Screen::Walk(WalkState::new(walk)));
    }

    /// Which key table applies now.
    pub fn context(&self) -> Context {
        match self.screen() {
            Screen::Home(_) => Context::Home,
            Screen::Walk(w) => match (w.end, w.walk.current()) {
                (WalkEnd::Resolved, _) => Context::Resolved,
                (WalkEnd::Escalation(_), _) => Context::Escalation,
                (WalkEnd::Open, Node::Question(_)) if w.filter.is_some() => Context::QuestionFilter,
                (WalkEnd::Open, Node::Question(_)) => Context::Question,
                (WalkEnd::Open, Node::Fix(f)) if self.kb.fix(f).is_setup_guide() => Context::Guide,
                (WalkEnd::Open, Node::Fix(_)) => Context::Fix,
            },
            Screen::Search(_) => Context::Search,
            Screen::Paste(_) => Context::Paste,
            Screen::Server(_) => Context::Server,
            Screen::Help(_) => Context::Help,
            Screen::Transcript(_) => Context::Transcript,
            Screen::Findings(_) => Context::Findings,
            Screen::ScanInput(_) => Context::ScanInput,
            Screen::Field(f) => match f.focus {
                FieldFocus::Menu => Context::FieldMenu,
                FieldFocus::Input(_) => Context::FieldForm,
                FieldFocus::Report => Context::FieldReport,
            },
        }
    }

    /// The answers of the current question that pass the filter, as indices into its answers.
    pub fn visible_answers(&self, state: &WalkState) -> Vec<usize> {
        let Node::Question(q) = state.walk.current() else {
            return Vec::new();
        };
        let answers = &self.kb.question(q).answers;
        match state.filter.as_ref().filter(|f| !f.is_empty()) {
            None => (0..answers.len()).collect(),
            Some(filter) => {
                let needle = filter.as_str().to_lowercase();
                answers
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| {
                        let hay = format!("{} {}", a.label, a.detail.as_deref().unwrap_or(""))
                            .to_lowercase();
                        needle.split_whitespace().all(|w| hay.contains(w))
                    })
                    .map(|(i, _)| i)
                    .collect()
            }
        }
    }

    /// The fix shown (or last shown) by the walk, if the walk stands on one.
    pub fn current_fix(&self) -> Option<FixIdx> {
        match self.walk_state()?.walk.current() {
            Node::Fix(f) => Some(f),
            Node::Question(_) => None,
        }
    }
}
