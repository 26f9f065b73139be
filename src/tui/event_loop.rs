//! Reads events, runs `update`, performs the effects it returns, draws. The only place the TUI
//! touches the outside world (terminal, clipboard, files, clock, signals).
//!
//! It sleeps in a blocking `event::read()` when idle. Only while a copy is in flight (on the
//! clipboard worker, see `copier.rs`) does it poll the terminal with a short timeout, so the
//! copy's outcome shows as soon as it arrives. A signal wakes the blocking read (`signals.rs`).

use std::collections::VecDeque;
use std::io;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event as TermEvent, KeyEventKind, MouseEventKind};

use super::app::App;
use super::copier::Copier;
use super::paste_guard;
use super::signals::{self, Listener, Signal};
use super::terminal::TerminalGuard;
use super::update::{Effect, Event, FieldRequest, update};
use super::view;
use crate::clipboard::Clipboard;
use crate::kb::KnowledgeBase;
use crate::report::transcript;
use crate::text::SafeText;

/// How often the loop checks for a copy's outcome while one is in flight.
const COPY_TICK: Duration = Duration::from_millis(50);
/// After a terminal error, how long to wait for the SIGHUP that may explain it: a terminal that
/// went away fails reads and writes, and the signal can be a moment behind (longer on a busy
/// machine). Only ever waited after an error, so it costs nothing otherwise.
const HANGUP_WAIT: Duration = Duration::from_secs(1);

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `q`, Ctrl-C.
    Quit,
    /// A terminating signal (its number).
    Signal(i32),
}

pub fn run(app: App, clipboard: Clipboard, mouse: bool) -> io::Result<Ending> {
    // Both before the terminal is touched, so a failure leaves the shell as it was.
    let copier = Copier::spawn(clipboard)?;
    let signals = Listener::start()?;
    let guard = TerminalGuard::enter(mouse)?;
    let mut session = Session {
        guard,
        app,
        signals,
        copier,
    };
    session.run()
}

/// Everything the loop works with. Fields drop in order: the terminal is restored first, then
/// signals are let go, then the clipboard worker gets its moment to finish.
struct Session {
    guard: TerminalGuard,
    app: App,
    signals: Listener,
    copier: Copier,
}

impl Session {
    /// Runs until quit or a signal. An error caused by the terminal going away counts as the
    /// SIGHUP that came with it: that is an ending, not a failure to report (on what screen?).
    fn run(&mut self) -> io::Result<Ending> {
        self.run_until_error()
            .or_else(|error| match self.signals.terminated_within(HANGUP_WAIT) {
                Some(number) => Ok(Ending::Signal(number)),
                None => Err(error),
            })
    }

    fn run_until_error(&mut self) -> io::Result<Ending> {
        self.sync_size()?;
        self.draw()?;
        // The first frame is up; what the first search or paste needs is built now, unless a
        // key is already waiting (then it is built when that key needs it).
        if !event::poll(Duration::ZERO)? {
            self.app.warm_up();
        }
        loop {
            let mut queue: VecDeque<Event> = self.wait()?.into();
            if let Some(ending) = self.take_signals()? {
                return Ok(ending);
            }
            while let Some(event) = queue.pop_front() {
                for effect in update(&mut self.app, event) {
                    if let Some(ending) = self.perform(effect, &mut queue)? {
                        return Ok(ending);
                    }
                }
            }
            self.draw()?;
        }
    }

    /// Waits for input (or, while copying, for at most one tick) and returns what arrived:
    /// everything the terminal has waiting, then any copy outcomes.
    fn wait(&mut self) -> io::Result<Vec<Event>> {
        let mut raw = Vec::new();
        // Idle: sleep in `read` until input. Copying: give up after a tick to check the outcome.
        if !self.copier.busy() || event::poll(COPY_TICK)? {
            raw.push(event::read()?);
        }
        while event::poll(Duration::ZERO)? {
            raw.push(event::read()?);
        }
        // A paste's own bytes may still be arriving: they are text, not keys (paste_guard.rs).
        let tail_ends = std::time::Instant::now() + paste_guard::MAX_TAIL_WAIT;
        while paste_guard::in_paste_tail(&raw)
            && std::time::Instant::now() < tail_ends
            && event::poll(paste_guard::PASTE_TAIL)?
        {
            raw.push(event::read()?);
            while event::poll(Duration::ZERO)? {
                raw.push(event::read()?);
            }
        }
        let raw = paste_guard::fold_paste_tails(raw);
        let mut events: Vec<Event> = raw.into_iter().filter_map(translate).collect();
        events.extend(self.copier.finished());
        Ok(events)
    }

    /// Acts on the signals received: ends the loop, or suspends and carries on.
    fn take_signals(&mut self) -> io::Result<Option<Ending>> {
        let received: Vec<Signal> = self.signals.pending().collect();
        for signal in received {
            match signal {
                Signal::Terminate(n) => return Ok(Some(Ending::Signal(n))),
                Signal::Suspend => self.suspend()?,
            }
        }
        Ok(None)
    }

    fn perform(
        &mut self,
        effect: Effect,
        queue: &mut VecDeque<Event>,
    ) -> io::Result<Option<Ending>> {
        match effect {
            Effect::Quit => return Ok(Some(Ending::Quit)),
            Effect::ClearScreen => self.guard.repaint_all()?,
            Effect::Suspend => self.suspend()?,
            Effect::Copy { label, text } => queue.extend(self.copier.start(label, text)),
            Effect::ShowAlone { label, text } => self.show_alone(&label, &text)?,
            Effect::WriteTranscript(t) => queue.push_back(write_transcript(&t)),
            Effect::Scan(path) => queue.push_back(Event::Scanned(super::findings::scan_path(
                &self.app.kb,
                &path,
            ))),
            Effect::RunFieldCheck(request) => {
                queue.push_back(Event::FieldChecked(run_field_check(&self.app.kb, request)))
            }
        }
        Ok(None)
    }

    /// Ctrl-Z: the shell gets a normal terminal while we are stopped; on `fg` we take it back
    /// and repaint everything (the terminal may have changed size meanwhile).
    fn suspend(&mut self) -> io::Result<()> {
        self.guard.suspend();
        signals::stop_self()?;
        self.guard.resume()?;
        self.sync_size()
    }

    /// The value alone on the normal screen, printed as one line that only the terminal wraps,
    /// so a mouse selection copies it whole (on the alternate screen a wrapped value is rows
    /// of cells, and selecting across them can break it). Back on Enter.
    fn show_alone(&mut self, label: &SafeText, text: &SafeText) -> io::Result<()> {
        use std::io::{BufRead as _, Write as _};
        self.guard.suspend();
        {
            let mut out = io::stdout().lock();
            write!(
                out,
                "\n{label}:\n\n{text}\n\nSelect the value above with the mouse: it is printed \
                 as it is, wrapped only by your terminal. Press Enter to go back to the guide.\n"
            )?;
            out.flush()?;
        }
        let mut line = String::new();
        io::stdin().lock().read_line(&mut line)?;
        self.guard.resume()?;
        self.sync_size()
    }

    fn sync_size(&mut self) -> io::Result<()> {
        let size = self.guard.terminal.size()?;
        update(&mut self.app, Event::Resize(size.width, size.height));
        Ok(())
    }

    fn draw(&mut self) -> io::Result<()> {
        // Between frames, never inside one.
        self.copier.write_osc52(self.guard.terminal.backend_mut())?;
        let app = &self.app;
        let mut measured = None;
        self.guard
            .terminal
            .draw(|frame| measured = view::draw(frame, app))?;
        self.app.remember(measured);
        Ok(())
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

fn write_transcript(t: &transcript::Transcript) -> Event {
    let now = jiff::Zoned::now();
    let markdown = t.to_markdown(&now.strftime("%Y-%m-%d %H:%M:%S %Z").to_string());
    let stamp = now.strftime("%Y%m%d-%H%M%S").to_string();
    let Some(dir) = crate::config::transcript_dir() else {
        return Event::TranscriptWritten(Err(
            "no home directory to keep transcripts in (set HOME or XDG_STATE_HOME)".into(),
        ));
    };
    Event::TranscriptWritten(transcript::write(&markdown, &dir, &stamp).map_err(|e| e.to_string()))
}

/// Runs a field check the way the guide does (the token check reads the clock), for the loop
/// and for tests that drive the field tools through the real checks.
pub fn run_field_check(
    kb: &KnowledgeBase,
    request: FieldRequest,
) -> Result<crate::field::FieldReport, String> {
    match request {
        FieldRequest::Redirect {
            server,
            registered,
            provider,
        } => Ok(crate::field::redirect::check_for(
            kb,
            &server,
            &registered,
            provider,
        )),
        FieldRequest::Token { token, expected } => {
            crate::field::token::inspect_expecting(&token, jiff::Timestamp::now(), &expected)
                .map_err(|e| e.to_string())
        }
        FieldRequest::Scopes {
            provider,
            scopes,
            service_account,
        } => crate::field::scopes::check(kb, &provider, &scopes, service_account)
            .map_err(|e| e.to_string()),
    }
}
