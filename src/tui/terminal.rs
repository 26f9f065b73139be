//! Entering and leaving the terminal's interactive mode.
//!
//! Everything turned on here (raw mode, alternate screen, bracketed paste, mouse capture if
//! asked, hidden cursor) is turned off again on every way out: normal return, error (the guard's
//! `Drop`) and panic (a hook installed *before* entering, which restores first and then lets the
//! previous hook print the panic on a normal screen).

use std::io::{self, Stdout, Write as _};
use std::mem::ManuallyDrop;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend};
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

/// Whether the terminal is currently in our mode, and whether mouse capture was turned on; read
/// by the panic hook, which cannot reach the guard.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Owns the terminal while the guide runs; dropping it restores the terminal.
pub struct TerminalGuard {
    /// Never dropped: ratatui's own `Drop` shows the cursor and, when that fails because the
    /// terminal has gone away (a closed window), reports it with `eprintln!`, which panics on
    /// the closed stderr. [`restore`] shows the cursor itself and ignores such errors.
    pub terminal: ManuallyDrop<Term>,
}

impl TerminalGuard {
    pub fn enter(mouse: bool) -> io::Result<TerminalGuard> {
        install_panic_hook();
        MOUSE.store(mouse, Ordering::SeqCst);
        enter_modes()?;
        match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(terminal) => Ok(TerminalGuard {
                terminal: ManuallyDrop::new(terminal),
            }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    /// Gives the terminal back to the shell while the guide is stopped (Ctrl-Z); [`resume`]
    /// takes it again.
    ///
    /// [`resume`]: TerminalGuard::resume
    pub fn suspend(&mut self) {
        restore();
    }

    /// Takes the terminal again after [`suspend`](TerminalGuard::suspend), and forgets what is
    /// on screen so the next draw repaints all of it (the shell wrote over it meanwhile).
    pub fn resume(&mut self) -> io::Result<()> {
        enter_modes()?;
        self.repaint_all()
    }

    /// Clears the screen so that the next draw writes every cell.
    ///
    /// Not `Terminal::clear`: that first asks the terminal where its cursor is, and fails after
    /// two seconds when no answer comes. Our cursor is hidden; there is no position to keep.
    pub fn repaint_all(&mut self) -> io::Result<()> {
        self.terminal.backend_mut().clear_region(ClearType::All)?;
        // Each swap empties the buffer it makes current: after two, the "previous frame" the
        // next draw compares against is empty too, as after `Terminal::clear`.
        self.terminal.swap_buffers();
        self.terminal.swap_buffers();
        Ok(())
    }
}

/// Turns on everything [`restore`] turns off; on failure, turns it off again.
fn enter_modes() -> io::Result<()> {
    ACTIVE.store(true, Ordering::SeqCst);
    let result = (|| {
        enable_raw_mode()?;
        let mut stdout = io::stdout();
        execute!(
            stdout,
            EnterAlternateScreen,
            EnableBracketedPaste,
            cursor::Hide
        )?;
        if MOUSE.load(Ordering::SeqCst) {
            execute!(stdout, EnableMouseCapture)?;
        }
        Ok(())
    })();
    if result.is_err() {
        restore();
    }
    result
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Undoes everything `enter` did, ignoring errors (there is nothing better to do on the way
/// out). Safe to call twice.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut stdout = io::stdout();
    if MOUSE.load(Ordering::SeqCst) {
        let _ = execute!(stdout, DisableMouseCapture);
    }
    let _ = execute!(
        stdout,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = stdout.flush();
}

fn install_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
            // A panic on a worker thread (the clipboard's, a scan's) would otherwise leave the
            // main thread drawing the guide into the cooked terminal just restored: the guide
            // ends here, with the exit code of a panic.
            std::process::exit(101);
        }));
    });
}
