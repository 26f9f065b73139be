//! Signals while the guide runs. SIGTERM, SIGHUP, SIGQUIT and SIGINT end it the way `q` does,
//! with the terminal restored; SIGTSTP (`kill -TSTP`) suspends it the way Ctrl-Z does.
//!
//! A thread receives them through signal-hook's iterator (so none of our code runs inside a
//! signal handler) and passes them to the event loop over a channel. The loop may be blocked in
//! crossterm's `event::read()`, which simply retries when a signal interrupts it; to wake it the
//! thread then raises SIGWINCH, which crossterm listens for and answers with a resize event.
//!
//! The loop gets a moment ([`GRACE`]) to end cleanly; if it has not by then, the signal thread
//! restores the terminal and exits itself. The loop can be stuck for good: when the terminal
//! goes away (SIGHUP on closing the window), crossterm's read spins on the end of input.
//!
//! Ending on a signal exits with status 128 + its number (143 for SIGTERM, 130 for SIGINT), the
//! shell's convention for "ended by signal n", so a script can tell it from a person's `q`.

use std::io;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// How long the event loop has to end after a terminating signal before it is ended for it.
pub const GRACE: Duration = Duration::from_secs(1);

/// What a received signal asks of the event loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// End the guide; the number is the signal's.
    Terminate(i32),
    Suspend,
}

/// The exit status for ending on `signal`.
pub fn exit_status(signal: i32) -> i32 {
    128 + signal
}

/// The first [`Signal::Terminate`] from `received` within `wait`; suspends are dropped (the
/// loop is ending anyway).
fn terminated_within(received: &Receiver<Signal>, wait: Duration) -> Option<i32> {
    let deadline = std::time::Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match received.recv_timeout(left) {
            Ok(Signal::Terminate(number)) => return Some(number),
            Ok(Signal::Suspend) => {}
            Err(_) => return None,
        }
    }
}

#[cfg(unix)]
mod imp {
    use super::*;
    use std::sync::mpsc::{RecvTimeoutError, Sender};
    use std::thread::{self, JoinHandle};

    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
    use signal_hook::iterator::{Handle, Signals};
    use signal_hook::low_level;

    const HANDLED: [i32; 5] = [SIGTERM, SIGHUP, SIGQUIT, SIGINT, SIGTSTP];

    /// Receives signals until dropped.
    pub struct Listener {
        received: Receiver<Signal>,
        /// Dropped when the loop has ended, which tells the signal thread not to step in.
        running: Option<Sender<()>>,
        handle: Handle,
        thread: Option<JoinHandle<()>>,
    }

    impl Listener {
        pub fn start() -> io::Result<Listener> {
            let mut signals = Signals::new(HANDLED)?;
            let handle = signals.handle();
            let (sender, received) = mpsc::channel();
            let (running, ended) = mpsc::channel::<()>();
            let thread = thread::Builder::new()
                .name("signals".into())
                .spawn(move || {
                    for number in signals.forever() {
                        let signal = if number == SIGTSTP {
                            Signal::Suspend
                        } else {
                            Signal::Terminate(number)
                        };
                        if sender.send(signal).is_err() {
                            break;
                        }
                        // Wakes a blocking `event::read()` (see the module comment).
                        let _ = low_level::raise(SIGWINCH);
                        if let Signal::Terminate(number) = signal {
                            end_unless_the_loop_does(&ended, number);
                            break;
                        }
                    }
                })?;
            Ok(Listener {
                received,
                running: Some(running),
                handle,
                thread: Some(thread),
            })
        }

        /// Signals received since the last call, oldest first.
        pub fn pending(&self) -> impl Iterator<Item = Signal> + '_ {
            self.received.try_iter()
        }

        /// The terminating signal received, waiting up to `wait` for one.
        pub fn terminated_within(&self, wait: Duration) -> Option<i32> {
            terminated_within(&self.received, wait)
        }
    }

    /// Waits up to [`GRACE`] for the loop to end; if it does not, restores the terminal and
    /// exits from this thread (`_exit`: nothing else of the process is waited for).
    fn end_unless_the_loop_does(ended: &Receiver<()>, number: i32) {
        if let Err(RecvTimeoutError::Timeout) = ended.recv_timeout(GRACE) {
            crate::tui::terminal::restore();
            low_level::exit(exit_status(number));
        }
    }

    impl Drop for Listener {
        fn drop(&mut self) {
            self.running = None;
            self.handle.close();
            if let Some(thread) = self.thread.take() {
                let _ = thread.join();
            }
        }
    }

    /// Stops the process as SIGTSTP would, returning once it is continued (`fg`). Works whether
    /// or not SIGTSTP has a handler (ours routes it here): it raises SIGSTOP.
    pub fn stop_self() -> io::Result<()> {
        low_level::emulate_default_handler(SIGTSTP)
    }
}

#[cfg(not(unix))]
mod imp {
    use super::*;

    /// Without Unix signals there is nothing to listen for (Ctrl-C arrives as a key).
    pub struct Listener {
        received: Receiver<Signal>,
    }

    impl Listener {
        pub fn start() -> io::Result<Listener> {
            let (_sender, received) = mpsc::channel();
            Ok(Listener { received })
        }

        pub fn pending(&self) -> impl Iterator<Item = Signal> + '_ {
            self.received.try_iter()
        }

        pub fn terminated_within(&self, wait: Duration) -> Option<i32> {
            terminated_within(&self.received, wait)
        }
    }

    /// There is no job control to hand the terminal to.
    pub fn stop_self() -> io::Result<()> {
        Ok(())
    }
}

pub use imp::{Listener, stop_self};
