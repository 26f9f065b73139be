//! Random key sequences, pastes and resizes at random sizes never panic, and every frame shows
//! a breadcrumb (the ⌂ marker) or the "terminal too small" message.

use std::path::PathBuf;

use oauth_triage::clipboard::CopyOutcome;
use oauth_triage::tui::App;
use oauth_triage::tui::testing::{app, screen_text};
use oauth_triage::tui::update::{Effect, Event, update};
use oauth_triage::tui::view::{MIN_HEIGHT, MIN_WIDTH};
use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        4 => prop::sample::select(vec![
            'j', 'k', 'h', 'g', 'G', 'f', 'n', 'y', 'c', 's', 'e', 't', '/', '?', 'q', ' ', 'x', 'a', 'z',
            '1', '2', '3', '4', '9', 'v',
        ])
        .prop_map(KeyCode::Char),
        3 => prop::sample::select(vec![
            KeyCode::Enter, KeyCode::Esc, KeyCode::Backspace, KeyCode::Up, KeyCode::Down, KeyCode::Left,
            KeyCode::Right, KeyCode::PageUp, KeyCode::PageDown, KeyCode::Home, KeyCode::End, KeyCode::Tab,
            KeyCode::BackTab, KeyCode::F(1),
        ]),
        1 => any::<char>().prop_map(KeyCode::Char),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        8 => key_code().prop_map(|code| Event::Key(KeyEvent::new(code, KeyModifiers::NONE))),
        1 => prop::sample::select(vec!['c', 'l', 'u', 'j', 'k', 'z', 's', 't', 'e', 'n', 'p']).prop_map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))),
        1 => prop_oneof![
            Just("AADSTS50011: The redirect URI 'https://x/__oauth__/integrations/callback' does not match".to_string()),
            Just("AADSTS7000215: Invalid client secret provided".to_string()),
            Just("\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\ttab\r\nline".to_string()),
            ".{0,300}",
        ]
        .prop_map(Event::Paste),
        1 => (1u16..200, 1u16..60).prop_map(|(w, h)| Event::Resize(w, h)),
    ]
}

/// Performs effects the way the event loop would, without I/O.
fn step(app: &mut App, event: Event) {
    let mut queue = vec![event];
    while let Some(event) = queue.pop() {
        for effect in update(app, event) {
            match effect {
                Effect::Copy { label, text } => queue.push(Event::Copied {
                    label,
                    text,
                    outcome: CopyOutcome::Osc52,
                }),
                Effect::WriteTranscript(t) => {
                    let _ = t.to_markdown("TIME");
                    queue.push(Event::TranscriptWritten(Ok(PathBuf::from("/tmp/t.md"))));
                }
                Effect::RunFieldCheck(_) => {
                    queue.push(Event::FieldChecked(Err("not run in tests".into())))
                }
                Effect::Scan(_) => queue.push(Event::Scanned(Err("not run in tests".into()))),
                Effect::ShowAlone { .. } | Effect::ClearScreen | Effect::Suspend | Effect::Quit => {
                }
            }
        }
    }
}

fn check_frame(app: &App) -> Result<(), TestCaseError> {
    let text = screen_text(app);
    let (w, h) = app.size;
    if w < MIN_WIDTH || h < MIN_HEIGHT {
        let first = text.lines().next().unwrap_or("").trim_end().to_string();
        prop_assert!(
            !first.is_empty() && "Terminal too small".starts_with(&first),
            "{w}x{h}:\n{text}"
        );
    } else {
        prop_assert!(
            text.lines().take(2).any(|l| l.starts_with('⌂')),
            "{w}x{h} has no breadcrumb:\n{text}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_input_never_panics_and_always_shows_where_we_are(
        size in (1u16..200, 1u16..60),
        events in prop::collection::vec(event(), 0..60),
    ) {
        let mut app = app(size);
        check_frame(&app)?;
        for event in events {
            step(&mut app, event);
            check_frame(&app)?;
        }
    }
}
