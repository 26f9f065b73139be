//! Copying off the UI thread. The clipboard's layers can each take a second or two (arboard
//! waiting for an X server, an external tool that hangs), and the screen must keep answering
//! meanwhile: one long-lived [`Clipboard`] lives on a worker thread, copy requests go to it over
//! a channel and outcomes come back over another, as [`Event::Copied`].
//!
//! OSC 52 sequences are not written by the worker: they come back as bytes for the event loop to
//! write between frames, so they can never land in the middle of a frame's escape sequences.

use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::update::Event;
use crate::clipboard::{Clipboard, CopyOutcome};

/// How long quitting waits for the worker: enough for a finished copy to be handed to a
/// clipboard manager (which keeps it after we exit), not so long that quitting feels stuck.
const SHUTDOWN_WAIT: Duration = Duration::from_secs(1);
const POLL: Duration = Duration::from_millis(10);

/// What the worker is asked to copy, and what to call it on screen.
struct Job {
    label: String,
    text: String,
}

/// The worker thread and the channels to and from it.
pub struct Copier {
    /// `None` once shutting down: closing it ends the worker's loop.
    jobs: Option<Sender<Job>>,
    outcomes: Receiver<Event>,
    osc52: Receiver<Vec<u8>>,
    /// Copies asked for and not yet answered.
    in_flight: usize,
    thread: Option<JoinHandle<()>>,
}

impl Copier {
    /// Moves `clipboard` to a new worker thread.
    pub fn spawn(clipboard: Clipboard) -> io::Result<Copier> {
        let (osc52_sender, osc52) = mpsc::channel();
        let mut clipboard = clipboard.with_osc52_writer(Box::new(ChannelWriter {
            buffer: Vec::new(),
            sender: osc52_sender,
        }));
        let (jobs, incoming) = mpsc::channel::<Job>();
        let (done, outcomes) = mpsc::channel();
        let thread = thread::Builder::new()
            .name("copier".into())
            .spawn(move || {
                for Job { label, text } in incoming {
                    let outcome = clipboard.copy(&text);
                    let copied = Event::Copied {
                        label,
                        text,
                        outcome,
                    };
                    if done.send(copied).is_err() {
                        break;
                    }
                }
            })?;
        Ok(Copier {
            jobs: Some(jobs),
            outcomes,
            osc52,
            in_flight: 0,
            thread: Some(thread),
        })
    }

    /// Hands `text` to the worker. If the worker is gone, the failure comes back at once.
    pub fn start(&mut self, label: String, text: String) -> Option<Event> {
        let Some(jobs) = &self.jobs else {
            return Some(failed(label, text));
        };
        match jobs.send(Job { label, text }) {
            Ok(()) => {
                self.in_flight += 1;
                None
            }
            Err(mpsc::SendError(Job { label, text })) => Some(failed(label, text)),
        }
    }

    /// Whether a copy is still being worked on (the loop then keeps checking for its outcome).
    pub fn busy(&self) -> bool {
        self.in_flight > 0
    }

    /// The outcomes that have arrived.
    pub fn finished(&mut self) -> Vec<Event> {
        let done: Vec<Event> = self.outcomes.try_iter().collect();
        self.in_flight = self.in_flight.saturating_sub(done.len());
        if self.in_flight > 0 && self.thread.as_ref().is_none_or(|t| t.is_finished()) {
            // The worker died (a panic in a clipboard layer): stop waiting for it.
            self.in_flight = 0;
        }
        done
    }

    /// Writes the OSC 52 sequences the worker produced to `out`.
    pub fn write_osc52(&self, out: &mut impl Write) -> io::Result<()> {
        let mut wrote = false;
        for bytes in self.osc52.try_iter() {
            out.write_all(&bytes)?;
            wrote = true;
        }
        if wrote {
            out.flush()?;
        }
        Ok(())
    }
}

impl Drop for Copier {
    fn drop(&mut self) {
        self.jobs = None;
        let Some(thread) = self.thread.take() else {
            return;
        };
        let deadline = Instant::now() + SHUTDOWN_WAIT;
        while !thread.is_finished() && Instant::now() < deadline {
            thread::sleep(POLL);
        }
        // A worker still stuck in a clipboard layer is left behind; exiting ends it.
        if thread.is_finished() {
            let _ = thread.join();
        }
    }
}

fn failed(label: String, text: String) -> Event {
    Event::Copied {
        label,
        text,
        outcome: CopyOutcome::Failed("the clipboard thread has stopped".into()),
    }
}

/// Collects what the clipboard writes for OSC 52 and sends it on each flush, whole.
struct ChannelWriter {
    buffer: Vec<u8>,
    sender: Sender<Vec<u8>>,
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        self.sender
            .send(std::mem::take(&mut self.buffer))
            .map_err(|_| io::Error::other("the terminal is closed"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clipboard::{Env, osc52_sequence};
    use crate::config::ClipboardRoute;

    /// Waits for the worker's outcomes, as the event loop's ticks do.
    fn outcomes(copier: &mut Copier) -> Vec<Event> {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut done = Vec::new();
        while copier.busy() && Instant::now() < deadline {
            done.extend(copier.finished());
            thread::sleep(POLL);
        }
        done
    }

    #[test]
    fn osc52_comes_back_to_the_loop_instead_of_going_to_the_terminal() {
        let clipboard = Clipboard::with_env(ClipboardRoute::Osc52, Env::default());
        let mut copier = Copier::spawn(clipboard).expect("worker starts");
        assert!(copier.start("label".into(), "foo\n".into()).is_none());
        assert!(copier.busy());
        let done = outcomes(&mut copier);
        let [
            Event::Copied {
                label,
                text,
                outcome,
            },
        ] = done.as_slice()
        else {
            panic!("{done:?}")
        };
        assert_eq!((label.as_str(), text.as_str()), ("label", "foo\n"));
        assert_eq!(*outcome, CopyOutcome::Osc52);
        assert!(!copier.busy());
        let mut written = Vec::new();
        copier.write_osc52(&mut written).expect("written");
        assert_eq!(
            String::from_utf8(written).expect("ASCII"),
            osc52_sequence("foo")
        );
    }

    #[test]
    fn copies_are_answered_in_order() {
        let clipboard = Clipboard::with_env(ClipboardRoute::Off, Env::default());
        let mut copier = Copier::spawn(clipboard).expect("worker starts");
        copier.start("a".into(), "1".into());
        copier.start("b".into(), "2".into());
        let labels: Vec<String> = outcomes(&mut copier)
            .into_iter()
            .filter_map(|event| match event {
                Event::Copied { label, outcome, .. } if !outcome.succeeded() => Some(label),
                _ => None,
            })
            .collect();
        assert_eq!(labels, ["a", "b"]);
    }
}
