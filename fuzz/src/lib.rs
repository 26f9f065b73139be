//! What the fuzz targets share: the knowledge bases (built once per process), a TUI driver that
//! performs the effects `update` asks for, and the frame check.

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use oauth_triage::kb::KnowledgeBase;
use oauth_triage::tui::app::App;
use oauth_triage::tui::testing;
use oauth_triage::tui::update::{Effect, Event, FieldRequest, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The shipped flows.
pub fn builtin_kb() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(|| oauth_triage::kb::builtin().expect("the built-in flows load"))
}

/// The frozen TUI fixture flows.
pub fn fixture_kb() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(testing::fixture_kb)
}

/// A fixed clock, so a run is reproducible.
pub fn now() -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_780_000_000).expect("a valid time")
}

/// One input event, as the fuzzer chooses it.
#[derive(Debug, Arbitrary)]
pub enum FuzzEvent {
    Char(char),
    Ctrl(char),
    Alt(char),
    Special(Special),
    Paste(String),
    Resize(u8, u8),
    Scroll(i8),
}

#[derive(Debug, Arbitrary)]
pub enum Special {
    Enter,
    Esc,
    Backspace,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Delete,
    F(u8),
}

impl FuzzEvent {
    pub fn to_event(&self) -> Event {
        let key = |code, modifiers| Event::Key(KeyEvent::new(code, modifiers));
        match self {
            FuzzEvent::Char(c) => key(KeyCode::Char(*c), KeyModifiers::NONE),
            FuzzEvent::Ctrl(c) => key(KeyCode::Char(*c), KeyModifiers::CONTROL),
            FuzzEvent::Alt(c) => key(KeyCode::Char(*c), KeyModifiers::ALT),
            FuzzEvent::Special(s) => {
                let code = match s {
                    Special::Enter => KeyCode::Enter,
                    Special::Esc => KeyCode::Esc,
                    Special::Backspace => KeyCode::Backspace,
                    Special::Tab => KeyCode::Tab,
                    Special::BackTab => KeyCode::BackTab,
                    Special::Up => KeyCode::Up,
                    Special::Down => KeyCode::Down,
                    Special::Left => KeyCode::Left,
                    Special::Right => KeyCode::Right,
                    Special::Home => KeyCode::Home,
                    Special::End => KeyCode::End,
                    Special::PageUp => KeyCode::PageUp,
                    Special::PageDown => KeyCode::PageDown,
                    Special::Delete => KeyCode::Delete,
                    Special::F(n) => KeyCode::F(n % 13),
                };
                key(code, KeyModifiers::NONE)
            }
            FuzzEvent::Paste(text) => Event::Paste(text.clone()),
            FuzzEvent::Resize(w, h) => Event::Resize(u16::from(*w), u16::from(*h)),
            FuzzEvent::Scroll(d) => Event::Scroll(*d),
        }
    }
}

/// A TUI session written as text, so regression seeds can be written by hand: bytes 0 and 1
/// are the width and height, byte 2 bit 0 sets a server; the rest (UTF-8, lossily) are keys:
/// `\x01…\x01` a paste, `\x02c` Ctrl-c, `\x03c` Alt-c, `\x04wh` a resize to the code points of
/// w and h (mod 256), `\r` Enter, `\x1b` Esc, `\x7f` Backspace, `\t` Tab, `\x10`..=`\x1a` Up,
/// Down, Left, Right, PageUp, PageDown, Home, End, BackTab, F1, Delete; `\x1c`/`\x1d` wheel
/// down/up; anything else a character key.
pub fn decode_script(data: &[u8]) -> ((u16, u16), bool, Vec<Event>) {
    let w = data.first().copied().unwrap_or(80);
    let h = data.get(1).copied().unwrap_or(24);
    let with_server = data.get(2).is_some_and(|f| f & 1 == 1);
    let text = String::from_utf8_lossy(data.get(3..).unwrap_or_default());
    let key = |code, modifiers| Event::Key(KeyEvent::new(code, modifiers));
    let mut events = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let event = match c {
            '\u{1}' => {
                let pasted: String = chars.by_ref().take_while(|&c| c != '\u{1}').collect();
                Event::Paste(pasted)
            }
            '\u{2}' => match chars.next() {
                Some(c) => key(KeyCode::Char(c), KeyModifiers::CONTROL),
                None => break,
            },
            '\u{3}' => match chars.next() {
                Some(c) => key(KeyCode::Char(c), KeyModifiers::ALT),
                None => break,
            },
            '\u{4}' => match (chars.next(), chars.next()) {
                (Some(w), Some(h)) => {
                    Event::Resize((u32::from(w) % 256) as u16, (u32::from(h) % 256) as u16)
                }
                _ => break,
            },
            '\r' => key(KeyCode::Enter, KeyModifiers::NONE),
            '\u{1b}' => key(KeyCode::Esc, KeyModifiers::NONE),
            '\u{7f}' => key(KeyCode::Backspace, KeyModifiers::NONE),
            '\t' => key(KeyCode::Tab, KeyModifiers::NONE),
            '\u{10}'..='\u{1a}' => {
                let code = [
                    KeyCode::Up,
                    KeyCode::Down,
                    KeyCode::Left,
                    KeyCode::Right,
                    KeyCode::PageUp,
                    KeyCode::PageDown,
                    KeyCode::Home,
                    KeyCode::End,
                    KeyCode::BackTab,
                    KeyCode::F(1),
                    KeyCode::Delete,
                ][(u32::from(c) - 0x10) as usize];
                key(code, KeyModifiers::NONE)
            }
            '\u{1c}' => Event::Scroll(1),
            '\u{1d}' => Event::Scroll(-1),
            c => key(KeyCode::Char(c), KeyModifiers::NONE),
        };
        events.push(event);
    }
    ((u16::from(w), u16::from(h)), with_server, events)
}

/// Sends `event` and does what the event loop would with the effects: field checks run (on the
/// fixed clock), copies and transcripts are answered, nothing touches the outside world.
pub fn send(app: &mut App, event: Event) -> bool {
    let mut queue = vec![event];
    let mut rounds = 0;
    while let Some(event) = queue.pop() {
        rounds += 1;
        if rounds > 16 {
            break;
        }
        for effect in update(app, event) {
            match effect {
                Effect::Quit => return false,
                Effect::RunFieldCheck(request) => {
                    queue.push(Event::FieldChecked(field_check(&app.kb, request)))
                }
                Effect::WriteTranscript(t) => {
                    let _ = t.to_markdown("TIME");
                    queue.push(Event::TranscriptWritten(Ok("/nonexistent/t.md".into())));
                }
                _ => {}
            }
        }
    }
    true
}

fn field_check(
    kb: &KnowledgeBase,
    request: FieldRequest,
) -> Result<oauth_triage::field::FieldReport, String> {
    use oauth_triage::field::{redirect, scopes, token};
    match request {
        FieldRequest::Redirect {
            server,
            registered,
            provider,
        } => Ok(redirect::check_for(kb, &server, &registered, provider)),
        FieldRequest::Token { token: t, expected } => {
            token::inspect_expecting(&t, now(), &expected).map_err(|e| e.to_string())
        }
        FieldRequest::Scopes {
            provider,
            scopes: s,
            service_account,
        } => scopes::check(kb, &provider, &s, service_account).map_err(|e| e.to_string()),
    }
}

/// Draws the app at its size and panics if any cell holds a control character (an escape
/// sequence reaching the terminal) or the frame cannot be drawn.
pub fn draw_and_check(app: &App) {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    terminal
        .draw(|frame| {
            oauth_triage::tui::view::draw(frame, app);
        })
        .expect("a frame");
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        let symbol = cell.symbol();
        assert!(
            !symbol.chars().any(|c| c.is_control()),
            "a raw control character reached the frame: {symbol:?}"
        );
    }
}

/// The checks every cleaned text must pass: no control character but the newline, and every
/// grapheme one or two cells wide.
pub fn assert_drawable(text: &str) {
    use unicode_segmentation::UnicodeSegmentation as _;
    use unicode_width::UnicodeWidthStr as _;
    for g in text.graphemes(true) {
        if g == "\n" {
            continue;
        }
        assert!(
            !g.chars().any(char::is_control),
            "control character in {g:?}"
        );
        assert!(
            (1..=2).contains(&g.width()),
            "grapheme {g:?} is {} cells wide",
            g.width()
        );
    }
}
