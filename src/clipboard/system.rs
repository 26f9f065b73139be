//! The system clipboard through one long-lived `arboard::Clipboard`, owned by a worker thread so a
//! display server that does not answer never blocks the guide.

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender, TryRecvError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::POLL;

/// Why the system clipboard did not take the text.
#[derive(Debug)]
pub(super) enum SystemError {
    /// It cannot work in this session (no display, no X server…): stop asking.
    Unavailable(String),
    /// It exists but refused this text; the next copy may work.
    Refused(String),
}

/// A copy request for the worker thread, with where to send the answer.
pub(super) struct Request {
    #[cfg_attr(
        not(feature = "system-clipboard"),
        allow(dead_code, reason = "nothing to copy it to")
    )]
    pub(super) text: String,
    pub(super) reply: SyncSender<Result<(), SystemError>>,
}

/// The thread that owns the session's `arboard::Clipboard`.
pub(super) struct SystemWorker {
    pub(super) requests: Sender<Request>,
    /// The answer to a request that timed out; while it is still missing the thread is stuck.
    pub(super) pending: Option<Receiver<Result<(), SystemError>>>,
    pub(super) handle: JoinHandle<()>,
}

/// The state of the system clipboard layer.
pub(super) enum SystemLayer {
    /// The route never uses it.
    NotUsed,
    Unavailable(String),
    Worker(SystemWorker),
}

impl SystemWorker {
    pub(super) fn spawn() -> io::Result<SystemWorker> {
        let (requests, incoming) = mpsc::channel();
        let handle = thread::Builder::new()
            .name("clipboard".into())
            .spawn(move || serve_system_clipboard(incoming))?;
        Ok(SystemWorker {
            requests,
            pending: None,
            handle,
        })
    }

    /// Asks the thread to copy `text` and waits up to `timeout` for its answer.
    pub(super) fn copy(&mut self, text: &str, timeout: Duration) -> Result<(), SystemError> {
        self.check_previous_request()?;
        let (reply, answer) = mpsc::sync_channel(1);
        let request = Request {
            text: text.to_owned(),
            reply,
        };
        if self.requests.send(request).is_err() {
            return Err(stopped());
        }
        match answer.recv_timeout(timeout) {
            Ok(result) => result,
            Err(RecvTimeoutError::Timeout) => {
                self.pending = Some(answer);
                Err(SystemError::Refused(format!(
                    "system clipboard: no answer within {} ms",
                    timeout.as_millis()
                )))
            }
            Err(RecvTimeoutError::Disconnected) => Err(stopped()),
        }
    }

    /// A request that timed out earlier may still be stuck (say, in connecting to X11); asking
    /// again would only make this copy wait as long, so skip the layer until it answers.
    pub(super) fn check_previous_request(&mut self) -> Result<(), SystemError> {
        let Some(pending) = &self.pending else {
            return Ok(());
        };
        match pending.try_recv() {
            Err(TryRecvError::Empty) => Err(SystemError::Refused(
                "system clipboard: still busy with an earlier copy".into(),
            )),
            Err(TryRecvError::Disconnected) => Err(stopped()),
            Ok(Err(SystemError::Unavailable(why))) => Err(SystemError::Unavailable(why)),
            Ok(_) => {
                self.pending = None;
                Ok(())
            }
        }
    }

    /// Closes the request channel, which ends the thread and drops the arboard instance, and
    /// waits briefly: on X11 the drop hands the text to a clipboard manager, so it outlives us.
    pub(super) fn finish(self, wait: Duration) {
        let SystemWorker {
            requests, handle, ..
        } = self;
        drop(requests);
        let deadline = Instant::now() + wait;
        while !handle.is_finished() && Instant::now() < deadline {
            thread::sleep(POLL);
        }
        if handle.is_finished() {
            // A panic in the thread has already been reported by the panic hook.
            let _ = handle.join();
        }
    }
}

pub(super) fn stopped() -> SystemError {
    SystemError::Unavailable("system clipboard: its thread stopped".into())
}

/// The worker thread: creates the session's only `arboard::Clipboard` and serves requests until
/// the [`Clipboard`] is dropped.
///
/// Created here rather than on the UI thread because connecting to X11 can hang. Kept for the
/// whole session because on X11 the copied text lives in this process: the selection vanishes
/// when the instance is dropped. It answers paste requests from its own thread, so nothing here
/// waits for them.
#[cfg(feature = "system-clipboard")]
pub(super) fn serve_system_clipboard(requests: Receiver<Request>) {
    let mut clipboard =
        arboard::Clipboard::new().map_err(|err| format!("system clipboard: unavailable: {err}"));
    for Request { text, reply } in requests {
        let result = match &mut clipboard {
            Ok(clipboard) => clipboard
                .set_text(text)
                .map_err(|err| SystemError::Refused(format!("system clipboard: {err}"))),
            Err(why) => Err(SystemError::Unavailable(why.clone())),
        };
        // The caller may have given up waiting; then nobody needs the answer.
        let _ = reply.send(result);
    }
}

/// A build without the `system-clipboard` feature (the fuzz build) answers every request with
/// the reason, so the other layers are tried as in a session without a display.
#[cfg(not(feature = "system-clipboard"))]
pub(super) fn serve_system_clipboard(requests: Receiver<Request>) {
    for Request { reply, .. } in requests {
        let _ = reply.send(Err(SystemError::Unavailable(
            "system clipboard: not in this build (feature system-clipboard)".into(),
        )));
    }
}
