//! Reads terminal events, runs `update`, performs the effects it returns, draws. The only place
//! the TUI touches the outside world (terminal, clipboard, files, clock).

use std::io;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event as TermEvent, KeyEventKind, MouseEventKind};

use super::app::App;
use super::terminal::TerminalGuard;
use super::update::{Effect, Event, FieldRequest, update};
use super::view;
use crate::clipboard::Clipboard;
use crate::report::transcript;

pub fn run(mut app: App, mut clipboard: Clipboard, mouse: bool) -> io::Result<()> {
    let mut guard = TerminalGuard::enter(mouse)?;
    let size = guard.terminal.size()?;
    update(&mut app, Event::Resize(size.width, size.height));
    guard.terminal.draw(|frame| view::draw(frame, &app))?;
    loop {
        // Block for one event, then take whatever else is already waiting, and draw once.
        let mut pending = vec![event::read()?];
        while event::poll(Duration::ZERO)? {
            pending.push(event::read()?);
        }
        let mut queue: Vec<Event> = pending.into_iter().filter_map(translate).collect();
        while !queue.is_empty() {
            let event = queue.remove(0);
            for effect in update(&mut app, event) {
                match effect {
                    Effect::Quit => return Ok(()),
                    Effect::ClearScreen => guard.terminal.clear()?,
                    Effect::Copy { label, text } => {
                        let outcome = clipboard.copy(&text);
                        queue.push(Event::Copied {
                            label,
                            text,
                            outcome,
                        });
                    }
                    Effect::WriteTranscript(t) => {
                        let now = jiff::Zoned::now();
                        let markdown =
                            t.to_markdown(&now.strftime("%Y-%m-%d %H:%M:%S %Z").to_string());
                        let name =
                            transcript::file_name(&now.strftime("%Y%m%d-%H%M%S").to_string());
                        let result = transcript::write(&markdown, &name).map_err(|e| e.to_string());
                        queue.push(Event::TranscriptWritten(result));
                    }
                    Effect::RunFieldCheck(request) => {
                        queue.push(Event::FieldChecked(run_field_check(request)))
                    }
                }
            }
        }
        guard.terminal.draw(|frame| view::draw(frame, &app))?;
    }
}

/// Terminal events we act on. Key *releases* and repeats are dropped (Windows sends them).
fn translate(event: TermEvent) -> Option<Event> {
    match event {
        TermEvent::Key(key) if key.kind == KeyEventKind::Press => Some(Event::Key(key)),
        TermEvent::Paste(text) => Some(Event::Paste(text)),
        TermEvent::Resize(w, h) => Some(Event::Resize(w, h)),
        TermEvent::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Event::Scroll(1)),
            MouseEventKind::ScrollUp => Some(Event::Scroll(-1)),
            _ => None,
        },
        _ => None,
    }
}

fn run_field_check(request: FieldRequest) -> Result<crate::field::FieldReport, String> {
    match request {
        FieldRequest::Redirect { server, registered } => {
            Ok(crate::field::redirect::check(&server, &registered))
        }
        FieldRequest::Token(token) => {
            crate::field::token::inspect(&token, jiff::Timestamp::now()).map_err(|e| e.to_string())
        }
        FieldRequest::Scopes {
            provider,
            scopes,
            service_account,
        } => crate::field::scopes::check(&provider, &scopes, service_account)
            .map_err(|e| e.to_string()),
    }
}
