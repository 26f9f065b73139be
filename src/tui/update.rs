//! `update(app, event) -> effects`: the only place state changes. Pure — no terminal, no
//! clipboard, no files, no clock. Whatever needs the outside world comes back as an [`Effect`];
//! the event loop performs it and reports the result as another [`Event`].
//!
//! A key press becomes an [`Action`] through the key table (`keys.rs`); each screen's actions
//! are handled in the function named after the screen below.

use std::path::PathBuf;

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

use crate::clipboard::CopyOutcome;
use crate::field::FieldReport;
use crate::field::redirect;
use crate::fuzzy::{Found, Target};
use crate::kb::{Node, ProviderIdx};
use crate::report::transcript::{self, Transcript};
use crate::server::ConnectServer;
use crate::text::SafeText;
use crate::walk::{Choice, NotFixed, Walk};

use super::action::Action;
use super::app::{
    AfterServer, App, FieldFocus, FieldState, FieldTool, HelpState, PasteState, PasteVerdict,
    Screen, SearchState, ServerState, Status, TranscriptState, WalkEnd, WalkState,
};
use super::keys::Context;
use crate::diagnose::{Ask, Match, Outcome};

/// Something that happened: input, or the result of an [`Effect`].
#[derive(Debug, Clone)]
pub enum Event {
    Key(KeyEvent),
    /// Bracketed paste: the whole pasted text at once.
    Paste(String),
    Resize(u16, u16),
    /// Mouse wheel (only with mouse capture on): positive is down.
    Scroll(i8),
    Copied {
        label: String,
        text: String,
        outcome: CopyOutcome,
    },
    TranscriptWritten(Result<PathBuf, String>),
    FieldChecked(Result<FieldReport, String>),
    /// What a scan started from Home found, or why it could not run.
    Scanned(Result<super::app::FindingsState, String>),
}

/// Something for the event loop to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Copy {
        label: String,
        text: String,
    },
    /// Leave the alternate screen and print `text` alone, unwrapped, for selecting with the
    /// mouse; back on Enter.
    ShowAlone {
        /// On one line.
        label: SafeText,
        text: SafeText,
    },
    WriteTranscript(Transcript),
    RunFieldCheck(FieldRequest),
    /// Scan this log file or directory (I/O, so outside `update`).
    Scan(PathBuf),
    /// Ctrl-L: clear and repaint everything.
    ClearScreen,
    /// Ctrl-Z: restore the terminal, stop until continued, then take it back and repaint.
    Suspend,
    Quit,
}

/// A field check to run (the token check needs the current time, so it runs outside `update`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldRequest {
    Redirect {
        server: ConnectServer,
        registered: Vec<String>,
        /// Known when the tools were opened from a provider's walk.
        provider: Option<redirect::Provider>,
    },
    Token {
        token: String,
        /// Scopes the token should grant (the CLI's `--expect-scope`); may be empty.
        expected: Vec<String>,
    },
    Scopes {
        provider: String,
        scopes: String,
        service_account: bool,
    },
}

pub fn update(app: &mut App, event: Event) -> Vec<Effect> {
    match event {
        Event::Key(key) => {
            // Windows reports releases too; only presses act.
            if key.kind != KeyEventKind::Press {
                return Vec::new();
            }
            match super::pick::key_action(app, &key) {
                Some(action) => handle(app, action),
                None => Vec::new(),
            }
        }
        Event::Paste(text) => {
            app.pending_number = None;
            paste(app, &text)
        }
        Event::Resize(w, h) => {
            app.size = (w, h);
            Vec::new()
        }
        Event::Scroll(delta) => {
            app.pending_number = None;
            let action = if delta > 0 { Action::Down } else { Action::Up };
            if app.context().is_text_input() {
                Vec::new()
            } else {
                handle(app, action)
            }
        }
        Event::Copied {
            label,
            text,
            outcome,
        } => {
            if outcome.succeeded() {
                app.log.copied.push((label, text.clone()));
            }
            let message = match &outcome {
                // On a fix the value may wrap mid-word on screen: offer it alone.
                CopyOutcome::Failed(why) if app.context() == Context::Fix => format!(
                    "could not copy — press {} to show the value alone and select it ({why})",
                    super::keys::key_for(Context::Fix, Action::ShowValue)
                ),
                other => other.message(),
            };
            app.status = Some(Status {
                message,
                copied: Some(text),
                ok: outcome.succeeded(),
                busy: false,
            });
            Vec::new()
        }
        Event::TranscriptWritten(result) => {
            app.status = Some(match &result {
                Ok(path) => Status::info(format!("transcript written to {}", path.display())),
                Err(e) => Status::problem(format!("could not write the transcript: {e}")),
            });
            if let Ok(path) = &result {
                app.log.transcript = Some(path.clone());
            }
            if let Screen::Transcript(state) = app.screen_mut() {
                state.written = Some(result);
            }
            Vec::new()
        }
        Event::Scanned(result) => {
            super::findings::scanned(app, result);
            Vec::new()
        }
        Event::FieldChecked(result) => {
            app.pending_number = None;
            if let Screen::Field(state) = app.screen_mut() {
                state.report = Some(result);
                state.focus = FieldFocus::Report;
                state.finding = 0;
            }
            Vec::new()
        }
    }
}

/// Runs one action. A status line belongs to the screen it was said on: when the action moves
/// to another screen and says nothing new, the old one goes (a copy still in flight stays: its
/// outcome is on its way).
pub fn handle(app: &mut App, action: Action) -> Vec<Effect> {
    let before = screen_identity(app);
    let status = app.status.clone();
    let effects = handle_action(app, action);
    if screen_identity(app) != before
        && app.status == status
        && !app.status.as_ref().is_some_and(|s| s.busy)
    {
        app.status = None;
    }
    effects
}

/// Which screen is shown: the depth of the stack, the kind of its top, and where a walk stands.
fn screen_identity(app: &App) -> (usize, Context, Option<Node>) {
    let node = match app.screen() {
        Screen::Walk(state) => Some(state.walk.current()),
        _ => None,
    };
    (app.screens.len(), app.context(), node)
}

/// The global actions here, the rest by screen.
fn handle_action(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::ForceQuit | Action::Quit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        Action::Redraw => return vec![Effect::ClearScreen],
        Action::Help => {
            if matches!(app.screen(), Screen::Help(_)) {
                app.pop_screen();
            } else {
                let from = app.context();
                app.push_screen(Screen::Help(HelpState { from, scroll: 0 }));
            }
            return Vec::new();
        }
        Action::Search => {
            open_search(app, "");
            return Vec::new();
        }
        Action::SetServer => {
            // A differing address from a paste is offered first: Enter takes it.
            let current = app
                .pasted_server
                .as_ref()
                .or(app.server.as_ref())
                .map_or(String::new(), |s| s.base().to_string());
            app.push_screen(Screen::Server(ServerState::new(&current)));
            return Vec::new();
        }
        Action::Export => {
            let transcript = build_transcript(app);
            app.push_screen(Screen::Transcript(TranscriptState { written: None }));
            return vec![Effect::WriteTranscript(transcript)];
        }
        Action::FieldTools => {
            app.push_screen(Screen::Field(FieldState::new()));
            return Vec::new();
        }
        Action::ScanLogs => {
            app.push_screen(Screen::ScanInput(super::input::TextInput::default()));
            return Vec::new();
        }
        _ => {}
    }
    match app.context() {
        Context::Home => home(app, action),
        Context::Question | Context::QuestionFilter => question(app, action),
        Context::Fix | Context::Guide => fix(app, action),
        Context::Resolved | Context::Escalation => walk_end(app, action),
        Context::Search => search(app, action),
        Context::Paste => pasted(app, action),
        Context::Server => server(app, action),
        Context::Help => help(app, action),
        Context::Transcript => transcript_screen(app, action),
        Context::FieldMenu | Context::FieldForm | Context::FieldReport => field(app, action),
        Context::Findings => super::findings::update(app, action),
        Context::ScanInput => super::findings::input(app, action),
    }
}

fn home(app: &mut App, action: Action) -> Vec<Effect> {
    let count = app.kb.providers().len();
    let Screen::Home(state) = app.screen_mut() else {
        return Vec::new();
    };
    match action {
        Action::Up => state.cursor = state.cursor.saturating_sub(1),
        Action::Down => state.cursor = (state.cursor + 1).min(count.saturating_sub(1)),
        Action::Choose => {
            let cursor = state.cursor;
            open_provider(app, cursor);
        }
        Action::Pick(n) => {
            if let Some(i) = n.checked_sub(1) {
                open_provider(app, i);
            }
        }
        // Typing on Home starts a search with what was typed.
        Action::Insert(c) => open_search(app, &c.to_string()),
        Action::Back => app.status = None,
        _ => {}
    }
    Vec::new()
}

fn open_provider(app: &mut App, index: usize) {
    let provider = app.kb.providers().nth(index).map(|(p, _)| p);
    if let Some(p) = provider {
        let walk = Walk::at_provider(&app.kb, p);
        app.open_walk(walk);
    }
}

fn question(app: &mut App, action: Action) -> Vec<Effect> {
    let visible = match app.screen() {
        Screen::Walk(state) => app.visible_answers(state),
        _ => return Vec::new(),
    };
    let Screen::Walk(state) = app.screen_mut() else {
        return Vec::new();
    };
    let position = visible.iter().position(|&i| i == state.cursor);
    match action {
        Action::Up => {
            if let Some(&prev) = position
                .and_then(|p| p.checked_sub(1))
                .and_then(|p| visible.get(p))
            {
                state.cursor = prev;
            }
        }
        Action::Down => {
            let next = match position {
                Some(p) => visible.get(p + 1),
                None => visible.first(),
            };
            if let Some(&next) = next {
                state.cursor = next;
            }
        }
        Action::Top => state.cursor = visible.first().copied().unwrap_or(0),
        Action::Bottom => state.cursor = visible.last().copied().unwrap_or(0),
        Action::Choose if position.is_some() => {
            let cursor = state.cursor;
            choose_answer(app, cursor);
        }
        Action::Pick(n) => {
            if let Some(i) = n.checked_sub(1) {
                choose_answer(app, i);
            }
        }
        Action::Filter => state.filter = Some(Default::default()),
        Action::Cancel => state.filter = None,
        Action::Insert(_) | Action::DeleteBack | Action::ClearInput => {
            if let Some(filter) = state.filter.as_mut() {
                edit(filter, action);
            }
            // Keep the cursor on a row that is still visible.
            let visible = match app.screen() {
                Screen::Walk(state) => app.visible_answers(state),
                _ => Vec::new(),
            };
            if let Screen::Walk(state) = app.screen_mut()
                && !visible.contains(&state.cursor)
            {
                state.cursor = visible.first().copied().unwrap_or(0);
            }
        }
        Action::Back => walk_back(app),
        _ => {}
    }
    Vec::new()
}

fn choose_answer(app: &mut App, index: usize) {
    let kb = &app.kb;
    let Some(Screen::Walk(state)) = app.screens.last_mut() else {
        return;
    };
    if state.walk.choose(kb, index).is_some() {
        *state = WalkState::new(state.walk.clone());
    }
}

/// Back one step in the walk; from its first step, back to Home.
fn walk_back(app: &mut App) {
    let Screen::Walk(state) = app.screen_mut() else {
        return;
    };
    match state.walk.back() {
        Some(answer) => {
            let walk = state.walk.clone();
            *state = WalkState::new(walk);
            state.cursor = answer.unwrap_or(0);
        }
        None => app.pop_screen(),
    }
}

/// A value of a fix as it would be copied now: its label, its text, and whether every
/// placeholder in it is filled in.
struct FixValue {
    /// On one line.
    label: SafeText,
    text: SafeText,
    complete: bool,
}

fn fix_values(app: &App, fix: crate::kb::FixIdx) -> Vec<FixValue> {
    app.kb
        .fix(fix)
        .copy
        .iter()
        .map(|&c| {
            let value = app.kb.copy_value(c);
            let rendered = value.value.render(app.server.as_ref());
            FixValue {
                label: value.label.to_one_line(),
                text: rendered.text,
                complete: rendered.complete,
            }
        })
        .collect()
}

/// Copies value `index` of the current fix, or, when it still holds a placeholder such as
/// `<connect-server>`, asks for the server first and copies once it is set.
fn copy_fix_value(app: &mut App, index: usize) -> Vec<Effect> {
    let Some(fix) = app.current_fix() else {
        return Vec::new();
    };
    let Some(value) = fix_values(app, fix).into_iter().nth(index) else {
        return Vec::new();
    };
    if value.complete {
        return copy(app, value.label.into_string(), value.text.into_string());
    }
    let mut state = ServerState::new("");
    state.then = Some(AfterServer::CopyValue {
        index,
        label: value.label.into_string(),
    });
    app.push_screen(Screen::Server(state));
    Vec::new()
}

fn fix(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(fix_idx) = app.current_fix() else {
        return Vec::new();
    };
    let count = app.kb.fix(fix_idx).copy.len();
    let super::view::Measured {
        scroll_limit: limit,
        page_height: page,
    } = measured(app);
    let kb = &app.kb;
    let Some(Screen::Walk(state)) = app.screens.last_mut() else {
        return Vec::new();
    };
    match action {
        Action::Pick(n) => {
            if let Some(i) = n.checked_sub(1)
                && i < count
            {
                state.selected_value = i;
                return copy_fix_value(app, i);
            }
            app.status = Some(Status::problem(format!(
                "there is no value {n} to copy here"
            )));
        }
        Action::CopySelected if state.selected_value < count => {
            let i = state.selected_value;
            return copy_fix_value(app, i);
        }
        Action::CopySelected => {
            app.status = Some(Status::problem("this fix has no value to copy"));
        }
        Action::ShowValue => {
            let i = state.selected_value;
            match fix_values(app, fix_idx).into_iter().nth(i) {
                Some(value) if value.complete => {
                    return vec![Effect::ShowAlone {
                        label: value.label,
                        text: value.text,
                    }];
                }
                Some(_) => {
                    let key = super::keys::key_for(Context::Fix, Action::SetServer);
                    app.status = Some(Status::problem(format!(
                        "this value needs the Connect server: press {key} to set it first"
                    )));
                }
                None => app.status = Some(Status::problem("this fix has no value to show")),
            }
        }
        Action::NextValue if count > 0 => state.selected_value = (state.selected_value + 1) % count,
        Action::PrevValue if count > 0 => {
            state.selected_value = (state.selected_value + count - 1) % count;
        }
        Action::Fixed => {
            state.end = WalkEnd::Resolved;
            state.scroll = 0;
        }
        Action::NotFixed => match state.walk.not_fixed(kb) {
            NotFixed::Next(_) => *state = WalkState::new(state.walk.clone()),
            NotFixed::Escalate(provider) => {
                state.end = WalkEnd::Escalation(provider);
                state.scroll = 0;
            }
        },
        Action::Back => walk_back(app),
        other => scroll(&mut state.scroll, other, limit, page),
    }
    Vec::new()
}

/// Asks the event loop to copy `text`, saying so until the outcome arrives: copying can take a
/// second or two (an X server slow to answer, an external tool).
fn copy(app: &mut App, label: String, text: String) -> Vec<Effect> {
    app.status = Some(Status::busy("copying…", Some(text.clone())));
    vec![Effect::Copy { label, text }]
}

fn scroll(offset: &mut u16, action: Action, limit: u16, page: u16) {
    let page = page.saturating_sub(1).max(1);
    *offset = match action {
        Action::Up => offset.saturating_sub(1),
        Action::Down => offset.saturating_add(1),
        Action::PageUp => offset.saturating_sub(page),
        Action::PageDown => offset.saturating_add(page),
        Action::Top => 0,
        Action::Bottom => limit,
        _ => *offset,
    }
    .min(limit);
}

/// The resolved screen and the escalation checklist.
fn walk_end(app: &mut App, action: Action) -> Vec<Effect> {
    let super::view::Measured {
        scroll_limit: limit,
        page_height: page,
    } = measured(app);
    let checklist = match app.screen() {
        Screen::Walk(WalkState {
            end: WalkEnd::Escalation(p),
            ..
        }) => Some(escalation_text(app, *p)),
        _ => None,
    };
    let Screen::Walk(state) = app.screen_mut() else {
        return Vec::new();
    };
    match action {
        Action::StartOver => app.screens.truncate(1),
        Action::Back => {
            state.end = WalkEnd::Open;
            state.scroll = 0;
        }
        Action::CopySelected => {
            if let Some(text) = checklist {
                return copy(app, "Escalation checklist".into(), text);
            }
        }
        other => scroll(&mut state.scroll, other, limit, page),
    }
    Vec::new()
}

/// The escalation checklist as plain text, one item a line.
pub fn escalation_text(app: &App, provider: ProviderIdx) -> String {
    app.kb
        .escalation(Some(provider))
        .iter()
        .map(|item| format!("- {}", item.to_one_line()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn open_search(app: &mut App, initial: &str) {
    let mut state = SearchState {
        input: crate::tui::input::TextInput::new(initial),
        ..SearchState::default()
    };
    let found = app.search_index().search_within(state.input.as_str(), None);
    state.hits = found.hits;
    state.matched = found.matched;
    if matches!(app.screen(), Screen::Search(_)) {
        app.pop_screen();
    }
    app.push_screen(Screen::Search(state));
}

/// The results of `query` if it was searched on the way to the current one; forgets anything
/// typed after it.
fn take_earlier(earlier: &mut Vec<(String, Found)>, query: &str) -> Option<Found> {
    let at = earlier.iter().rposition(|(q, _)| q == query)?;
    earlier.truncate(at + 1);
    earlier.pop().map(|(_, found)| found)
}

fn search(app: &mut App, action: Action) -> Vec<Effect> {
    let (index, Some(Screen::Search(state))) = app.search_index_and_screen() else {
        return Vec::new();
    };
    match action {
        Action::Up => state.cursor = state.cursor.saturating_sub(1),
        Action::Down => state.cursor = (state.cursor + 1).min(state.hits.len().saturating_sub(1)),
        Action::Insert(_) | Action::DeleteBack | Action::ClearInput => {
            let before = state.input.as_str().to_string();
            edit(&mut state.input, action);
            let now = state.input.as_str().to_string();
            let found = if let Some(restored) = take_earlier(&mut state.earlier, &now) {
                // Backspace back to a query already searched: its results are still here.
                restored
            } else {
                // Typing only narrows: search among the previous hits.
                let narrowing = now.starts_with(&before) && !before.trim().is_empty();
                let found =
                    index.search_within(&now, narrowing.then_some(state.matched.as_slice()));
                if now.starts_with(&before) {
                    let previous = Found {
                        hits: std::mem::take(&mut state.hits),
                        matched: std::mem::take(&mut state.matched),
                    };
                    state.earlier.push((before, previous));
                } else {
                    state.earlier.clear();
                }
                found
            };
            state.hits = found.hits;
            state.matched = found.matched;
            state.cursor = 0;
        }
        Action::Choose => {
            let Some(hit) = state.hits.get(state.cursor) else {
                return Vec::new();
            };
            let target = index.entry(hit).target;
            let walk = match target {
                Target::Symptom { question, answer } => {
                    let mut walk = Walk::start(Node::Question(question));
                    walk.choose(&app.kb, answer);
                    walk
                }
                other => Walk::jump_to(&app.kb, other.node(&app.kb)),
            };
            app.open_walk(walk);
        }
        Action::Cancel => app.pop_screen(),
        _ => {}
    }
    Vec::new()
}

pub(super) fn edit(input: &mut super::input::TextInput, action: Action) {
    match action {
        Action::Insert(c) => input.insert(c),
        Action::DeleteBack => input.delete_back(),
        Action::ClearInput => input.clear(),
        _ => {}
    }
}

/// A paste: into the text input that has focus, otherwise diagnosed.
fn paste(app: &mut App, text: &str) -> Vec<Effect> {
    let refused = match app.screen_mut() {
        Screen::Server(state) => {
            let result = state.input.insert_str(text);
            state.preview = ConnectServer::parse(state.input.as_str());
            result.err()
        }
        Screen::Walk(WalkState {
            filter: Some(filter),
            ..
        }) => filter.insert_str(text).err(),
        Screen::Field(FieldState {
            focus: FieldFocus::Input(i),
            inputs,
            ..
        }) => inputs
            .get_mut(*i)
            .and_then(|input| input.insert_str(text).err()),
        _ => {
            diagnose(app, text);
            None
        }
    };
    if let Some(refused) = refused {
        app.status = Some(Status::problem(refused.to_string()));
    }
    Vec::new()
}

/// The Connect address a paste names: the part before `/__oauth__/integrations/callback` of a
/// callback URL in it (a `redirect_uri=` parameter, percent-encoded or not).
pub fn pasted_connect_address(text: &str) -> Option<ConnectServer> {
    const CALLBACK: &str = "/__oauth__/integrations/callback";
    let decoded = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
    let at = decoded.find(CALLBACK)?;
    let before = &decoded[..at];
    let start = before
        .rfind("http://")
        .or_else(|| before.rfind("https://"))?;
    let base = &before[start..];
    if base.contains(|c: char| c.is_whitespace() || "'\"<>".contains(c)) {
        return None;
    }
    ConnectServer::parse(base).ok().map(|parsed| parsed.server)
}

/// Longest part of a paste shown on screen.
const EXCERPT_CHARS: usize = 400;

/// Diagnoses pasted text: a clear winner opens its fix; several go to a short choice list;
/// none says so.
pub fn diagnose(app: &mut App, text: &str) {
    if text.len() as u64 > crate::limits::ERROR_TEXT_BYTES {
        app.status = Some(Status::problem(format!(
            "not diagnosed: the paste is larger than the {} limit for an error text",
            crate::limits::human(crate::limits::ERROR_TEXT_BYTES)
        )));
        return;
    }
    // Redacted before anything is cut or shown, so no half of a token survives a cut; the
    // transcript keeps the whole error (its request and correlation ids matter).
    let redacted = crate::redact::redact(&crate::text::clean(text));
    let excerpt: String = crate::text::one_line(&redacted)
        .chars()
        .take(EXCERPT_CHARS)
        .collect();
    if excerpt.is_empty() {
        return;
    }
    let diagnosis = app.diagnoser().diagnosis(&app.kb, text);
    app.log.pasted_error = Some(redacted.trim().to_string());
    app.pasted_server = pasted_connect_address(text).filter(|pasted| {
        app.server
            .as_ref()
            .is_none_or(|s| s.base() != pasted.base())
    });
    let verdict = match diagnosis.outcome {
        Outcome::Fix(fix) => {
            let score = diagnosis
                .matches
                .iter()
                .find(|m| m.fix == fix)
                .map_or(1.0, |m| m.score);
            app.status = Some(Status::info(format!(
                "pasted error matched \"{}\" ({})",
                app.kb.fix(fix).title.to_one_line(),
                super::view::likelihood(score)
            )));
            app.open_walk(Walk::jump_to(&app.kb, Node::Fix(fix)));
            return;
        }
        // The paste names the error but not which of its causes: the walk's own question
        // decides, with the answers the paste points at marked.
        Outcome::Ask(Ask::Question {
            question,
            supported,
        }) => {
            app.open_walk(Walk::jump_to(&app.kb, Node::Question(question)));
            if let Some(state) = app.walk_state_mut() {
                if let Some(&first) = supported.first() {
                    state.cursor = first;
                }
                state.pointed = Some((question, supported));
            }
            app.status = Some(Status::info(
                "the paste fits more than one cause: this question tells them apart".to_string(),
            ));
            return;
        }
        Outcome::Ask(Ask::Provider { ref candidates }) => {
            let matches = candidates
                .iter()
                .map(|c| Match {
                    fix: c.fix,
                    score: 0.0,
                })
                .collect();
            (PasteVerdict::WhichProvider, matches)
        }
        Outcome::NotCovered { service, ref seen } => (
            PasteVerdict::NotCovered {
                service: app.kb.other_services()[service].name.clone(),
                seen: seen.clone(),
            },
            Vec::new(),
        ),
        Outcome::NotKnown => (PasteVerdict::NotKnown, Vec::new()),
    };
    let (verdict, matches) = verdict;
    if matches!(app.screen(), Screen::Search(_) | Screen::Paste(_)) {
        app.pop_screen();
    }
    app.status = None;
    app.push_screen(Screen::Paste(PasteState {
        excerpt,
        matches,
        cursor: 0,
        verdict,
    }));
}

fn pasted(app: &mut App, action: Action) -> Vec<Effect> {
    let Screen::Paste(state) = app.screen_mut() else {
        return Vec::new();
    };
    let open = |app: &mut App, i: usize| {
        let Screen::Paste(state) = app.screen() else {
            return;
        };
        if let Some(m) = state.matches.get(i) {
            let walk = Walk::jump_to(&app.kb, Node::Fix(m.fix));
            app.open_walk(walk);
        }
    };
    match action {
        Action::Up => state.cursor = state.cursor.saturating_sub(1),
        Action::Down => {
            state.cursor = (state.cursor + 1).min(state.matches.len().saturating_sub(1))
        }
        Action::Choose if state.matches.is_empty() => {
            let words = search_words(&state.excerpt);
            app.pop_screen();
            open_search(app, &words);
        }
        Action::Choose => {
            let cursor = state.cursor;
            open(app, cursor);
        }
        Action::Pick(n) => {
            if let Some(i) = n.checked_sub(1) {
                open(app, i);
            }
        }
        Action::Back => app.pop_screen(),
        _ => {}
    }
    Vec::new()
}

/// The words of an unknown paste worth searching for: error codes (`AADSTS50011`,
/// `ORA-01017`) and error names (`invalid_grant`, `SignatureException`), at most two, since
/// every word must match. Without any, the first few long words.
pub fn search_words(paste: &str) -> String {
    let tokens: Vec<&str> = paste
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .map(|t| t.trim_matches('-'))
        .filter(|t| !t.is_empty())
        .collect();
    let is_code = |t: &str| {
        let letters = t.chars().take_while(|c| c.is_ascii_uppercase()).count();
        let digits = t.chars().filter(char::is_ascii_digit).count();
        letters >= 2 && digits >= 3
    };
    let is_name = |t: &str| {
        (t.contains('_') && t.chars().any(|c| c.is_ascii_lowercase()) && t.len() > 3)
            || ["Exception", "Error"]
                .iter()
                .any(|end| t.len() > end.len() && t.ends_with(end))
    };
    let mut best: Vec<&str> = Vec::new();
    for t in tokens
        .iter()
        .copied()
        .filter(|t| is_code(t))
        .chain(tokens.iter().copied().filter(|t| is_name(t)))
    {
        if !best.contains(&t) && best.len() < 2 {
            best.push(t);
        }
    }
    if best.is_empty() {
        best = tokens
            .iter()
            .copied()
            .filter(|t| t.chars().count() >= 5)
            .take(2)
            .collect();
    }
    best.join(" ")
}

fn server(app: &mut App, action: Action) -> Vec<Effect> {
    let Screen::Server(state) = app.screen_mut() else {
        return Vec::new();
    };
    match action {
        Action::Insert(_) | Action::DeleteBack | Action::ClearInput => {
            edit(&mut state.input, action);
            state.preview = ConnectServer::parse(state.input.as_str());
        }
        Action::Apply => match &state.preview {
            Ok(parsed) => {
                let server = parsed.server.clone();
                let then = state.then.take();
                app.status = Some(Status::info(format!(
                    "Connect server set to {} — every URI now uses it",
                    server.base()
                )));
                app.server = Some(server);
                app.pasted_server = None;
                app.pop_screen();
                return after_server(app, then);
            }
            Err(e) => app.status = Some(Status::problem(format!("not set: {e}"))),
        },
        Action::Cancel => {
            if let Some(AfterServer::CopyValue { label, .. }) = &state.then {
                let message = format!(
                    "not copied: {label} needs the Connect server, and a placeholder is never \
                     copied"
                );
                app.status = Some(Status::problem(message));
            }
            app.pop_screen();
        }
        _ => {}
    }
    Vec::new()
}

/// Finishes what was waiting for the server.
fn after_server(app: &mut App, then: Option<AfterServer>) -> Vec<Effect> {
    match then {
        None => Vec::new(),
        Some(AfterServer::CopyValue { index, .. }) => copy_fix_value(app, index),
        Some(AfterServer::RedirectCheck) => {
            let server = app.server.clone();
            let provider = walked_provider(app);
            let Screen::Field(state) = app.screen_mut() else {
                return Vec::new();
            };
            match field_request(state, server, provider) {
                Ok(request) => vec![Effect::RunFieldCheck(request)],
                Err(message) => {
                    state.report = Some(Err(message));
                    Vec::new()
                }
            }
        }
    }
}

/// The current screen's scroll limit and page height: as the last frame measured them when it
/// showed this very state, else laid out now.
fn measured(app: &App) -> super::view::Measured {
    match &app.measured {
        Some((key, measured)) if *key == app.scroll_key() => *measured,
        _ => super::view::measure(app),
    }
}

fn help(app: &mut App, action: Action) -> Vec<Effect> {
    let super::view::Measured {
        scroll_limit: limit,
        page_height: page,
    } = measured(app);
    let Screen::Help(state) = app.screen_mut() else {
        return Vec::new();
    };
    match action {
        Action::Back => app.pop_screen(),
        other => scroll(&mut state.scroll, other, limit, page),
    }
    Vec::new()
}

fn transcript_screen(app: &mut App, action: Action) -> Vec<Effect> {
    let Screen::Transcript(state) = app.screen() else {
        return Vec::new();
    };
    match action {
        Action::CopySelected => {
            if let Some(Ok(path)) = &state.written {
                let text = path.display().to_string();
                return copy(app, "Transcript path".into(), text);
            }
        }
        Action::Back => app.pop_screen(),
        _ => {}
    }
    Vec::new()
}

fn field(app: &mut App, action: Action) -> Vec<Effect> {
    let server = app.server.clone();
    let provider = walked_provider(app);
    let Some(Screen::Field(state)) = app.screens.last_mut() else {
        return Vec::new();
    };
    match (state.focus, action) {
        (FieldFocus::Menu, Action::Up) => state.menu_cursor = state.menu_cursor.saturating_sub(1),
        (FieldFocus::Menu, Action::Down) => {
            state.menu_cursor = (state.menu_cursor + 1).min(FieldTool::ALL.len() - 1);
        }
        (FieldFocus::Menu, Action::Choose) => state.open_tool(FieldTool::ALL[state.menu_cursor]),
        (FieldFocus::Menu, Action::Pick(n)) => {
            if let Some(i) = n.checked_sub(1)
                && let Some(&tool) = FieldTool::ALL.get(i)
            {
                state.menu_cursor = i;
                state.open_tool(tool);
            }
        }
        (FieldFocus::Menu, Action::Back) => app.pop_screen(),
        (FieldFocus::Input(i), Action::Insert(_) | Action::DeleteBack | Action::ClearInput) => {
            if let Some(input) = state.inputs.get_mut(i) {
                edit(input, action);
            }
        }
        (FieldFocus::Input(i), Action::NextInput) => {
            state.focus = FieldFocus::Input((i + 1) % state.inputs.len().max(1))
        }
        (FieldFocus::Input(_), Action::Cancel) => state.focus = FieldFocus::Menu,
        (FieldFocus::Input(_), Action::Apply)
            if state.tool == FieldTool::Redirect && server.is_none() =>
        {
            // The check needs the server: ask for it here, keep what was typed, and run the
            // check once it is set.
            let mut ask = ServerState::new("");
            ask.then = Some(AfterServer::RedirectCheck);
            app.push_screen(Screen::Server(ask));
        }
        (FieldFocus::Input(_), Action::Apply) => match field_request(state, server, provider) {
            Ok(request) => return vec![Effect::RunFieldCheck(request)],
            Err(message) => {
                state.report = Some(Err(message));
            }
        },
        (FieldFocus::Report, Action::Up) => state.finding = state.finding.saturating_sub(1),
        (FieldFocus::Report, Action::Down) => {
            let count = state
                .report
                .as_ref()
                .and_then(|r| r.as_ref().ok())
                .map_or(0, |r| r.findings.len());
            state.finding = (state.finding + 1).min(count.saturating_sub(1));
        }
        (FieldFocus::Report, Action::Choose) => {
            let fix_id = state
                .report
                .as_ref()
                .and_then(|r| r.as_ref().ok())
                .and_then(|r| r.findings.get(state.finding))
                .and_then(|f| f.fix.clone());
            match fix_id.as_deref().and_then(|id| app.kb.fix_by_id(id)) {
                Some(fix) => {
                    let walk = Walk::jump_to(&app.kb, Node::Fix(fix));
                    app.open_walk(walk);
                }
                None => {
                    app.status = Some(Status::problem(
                        "this finding has no fix in the knowledge base",
                    ))
                }
            }
        }
        (FieldFocus::Report, Action::Back) => state.focus = FieldFocus::Input(0),
        _ => {}
    }
    Vec::new()
}

/// The provider of the walk the field tools were opened from, when the redirect check knows it:
/// its findings then link to that provider's fix.
fn walked_provider(app: &App) -> Option<redirect::Provider> {
    app.screens.iter().rev().find_map(|screen| match screen {
        Screen::Walk(walk) => {
            let provider = walk.walk.provider(&app.kb);
            redirect::Provider::of(&app.kb, provider)
        }
        _ => None,
    })
}

fn field_request(
    state: &FieldState,
    server: Option<ConnectServer>,
    provider: Option<redirect::Provider>,
) -> Result<FieldRequest, String> {
    let input = |i: usize| {
        state
            .inputs
            .get(i)
            .map_or("", |t| t.as_str())
            .trim()
            .to_string()
    };
    match state.tool {
        FieldTool::Redirect => {
            let server = server.ok_or("set the Connect server first (Esc, Esc, then s)")?;
            let registered: Vec<String> = input(0)
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if registered.is_empty() {
                return Err("type or paste at least one registered redirect URI".into());
            }
            Ok(FieldRequest::Redirect {
                server,
                registered,
                provider,
            })
        }
        FieldTool::Token => {
            let token = input(0);
            if token.is_empty() {
                return Err("paste a token first".into());
            }
            let expected = crate::field::scopes::split_scopes(&input(1))
                .into_iter()
                .map(str::to_string)
                .collect();
            Ok(FieldRequest::Token { token, expected })
        }
        FieldTool::Scopes => {
            let provider = input(0);
            if provider.is_empty() {
                return Err("type the provider id (azure, snowflake, keycloak, …)".into());
            }
            let service_account = matches!(input(2).to_ascii_lowercase().as_str(), "y" | "yes");
            Ok(FieldRequest::Scopes {
                provider,
                scopes: input(1),
                service_account,
            })
        }
    }
}

/// What the transcript says, from the walk on the stack and the session log.
pub fn build_transcript(app: &App) -> Transcript {
    use transcript::{Outcome, Step, Value};
    let kb = &app.kb;
    let server = app.server.as_ref();
    let mut t = Transcript {
        server: server.map(|s| s.base().to_string()),
        pasted_error: app.log.pasted_error.clone(),
        scanned: app.log.scanned.clone(),
        ..Transcript::default()
    };
    let Some(state) = app.walk_state() else {
        return t;
    };
    t.provider = Some(
        kb.provider(state.walk.provider(kb))
            .name
            .to_one_line()
            .into_string(),
    );
    for step in state.walk.steps() {
        match (step.node, step.choice) {
            (Node::Question(q), Some(Choice::Answer(i))) => {
                let question = kb.question(q);
                t.steps.push(Step::Answered {
                    question: question.text.to_one_line().into_string(),
                    answer: question.answers[i].label.to_one_line().into_string(),
                });
            }
            (Node::Fix(f), choice) => {
                let fix = kb.fix(f);
                t.steps.push(Step::Fix {
                    id: fix.id.clone(),
                    title: fix.title.to_one_line().into_string(),
                    cause: fix.cause.to_one_line().into_string(),
                    steps: fix
                        .steps
                        .iter()
                        .map(|s| s.render(server).text.to_one_line().into_string())
                        .collect(),
                    tried: choice == Some(Choice::NotFixed),
                });
                for &c in &fix.copy {
                    let value = kb.copy_value(c);
                    let text = value.value.render(server).text.into_string();
                    if !t.values.iter().any(|v| v.text == text) {
                        let copied = app.log.copied.iter().any(|(_, copied)| *copied == text);
                        t.values.push(Value {
                            label: value.label.to_one_line().into_string(),
                            text,
                            copied,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    t.outcome = match state.end {
        WalkEnd::Open => Outcome::Open,
        WalkEnd::Resolved => Outcome::Resolved,
        WalkEnd::Escalation(p) => Outcome::Escalate(
            kb.escalation(Some(p))
                .iter()
                .map(|s| s.to_one_line().into_string())
                .collect(),
        ),
    };
    t
}
