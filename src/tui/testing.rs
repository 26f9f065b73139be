//! Helpers for tests and benches: a fixed knowledge base, an app on a fixed server, keys, and a
//! frame rendered to text. Not used by the binary.

// A broken fixture should stop the test that uses it, loudly.
#![allow(clippy::panic)]

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::App;
use super::style::Theme;
use super::update::{Effect, Event, update};
use crate::config::ThemeName;
use crate::kb::{KnowledgeBase, Layer, source};
use crate::server::ConnectServer;

/// The flows under `tests/data/tui-flows`: a frozen copy, so screen snapshots do not change
/// each time the shipped flows are edited.
pub fn fixture_kb() -> KnowledgeBase {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tui-flows");
    let sources =
        source::read_dir(&dir, Layer::BuiltIn).unwrap_or_else(|e| panic!("fixture flows: {e:?}"));
    crate::kb::load_sources(&sources).unwrap_or_else(|e| panic!("fixture flows: {e:?}"))
}

pub fn server(text: &str) -> ConnectServer {
    ConnectServer::parse(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .server
}

/// An app on the fixture flows, server `connect.example.com`, default theme.
pub fn app(size: (u16, u16)) -> App {
    App::new(
        fixture_kb(),
        Some(server("connect.example.com")),
        Theme::new(ThemeName::Default),
        size,
    )
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Sends each character as a key press.
pub fn type_str(app: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| update(app, key(KeyCode::Char(c))))
        .collect()
}

pub fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, key(code))
}

/// From Home, opens the provider `id` the way a person does: arrows, then Enter (digits type
/// into the search box there).
pub fn open_provider(app: &mut App, id: &str) {
    let position = app
        .kb
        .providers()
        .position(|(_, p)| p.id == id)
        .unwrap_or_else(|| panic!("no provider {id}"));
    for _ in 0..app.kb.providers().count() {
        press(app, KeyCode::Up);
    }
    for _ in 0..position {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Enter);
}

/// Draws the app on a test terminal of its current size.
pub fn render(app: &App) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap_or_else(|e| panic!("{e}"));
    terminal
        .draw(|frame| {
            super::view::draw(frame, app);
        })
        .unwrap_or_else(|e| panic!("{e}"));
    terminal
}

/// The rendered frame as lines of text (trailing spaces kept).
pub fn screen_text(app: &App) -> String {
    let terminal = render(app);
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            if let Some(cell) = buffer.cell((x, y)) {
                out.push_str(cell.symbol());
            }
        }
        out.push('\n');
    }
    out
}
