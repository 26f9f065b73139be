//! The clipboard against a real X server: what the app copies must be readable by other X clients.
//!
//! Needs `DISPLAY`; `eval "$(bash .ci/xvfb.sh)"` provides one. Without it these tests fail,
//! unless `OAUTH_TRIAGE_SKIP_X11=1` asks explicitly to skip them.

use std::fs::OpenOptions;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use oauth_triage::clipboard::{Clipboard, CopyOutcome, Env};
use oauth_triage::config::ClipboardRoute;

/// Unicode, a tab, an inner line break and a trailing one, which the copy must drop.
const TEXT: &str = "Ünïcødé ✓ 日本語 🦀\tclient_id=abc\nsecond line\r\n";
const EXPECTED: &str = "Ünïcødé ✓ 日本語 🦀\tclient_id=abc\nsecond line";

/// The X clipboard is one per display: tests that set it must take turns.
static X_CLIPBOARD: Mutex<()> = Mutex::new(());

/// The lock on the X clipboard, or `None` when skipping was asked for explicitly.
fn x_server() -> Option<MutexGuard<'static, ()>> {
    if std::env::var_os("DISPLAY").is_none_or(|display| display.is_empty()) {
        if std::env::var("OAUTH_TRIAGE_SKIP_X11").as_deref() == Ok("1") {
            skipped_loudly();
            return None;
        }
        panic!(
            "DISPLAY is not set, and these tests need a real X server. Start one with \
             `eval \"$(bash .ci/xvfb.sh)\"`, or set OAUTH_TRIAGE_SKIP_X11=1 to skip them on purpose."
        );
    }
    // A test that failed while holding the lock leaves nothing to clean up.
    Some(
        X_CLIPBOARD
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
    )
}

/// Says that the tests were skipped where it shows even for passing tests, whose output to
/// stdout and stderr the test harness hides.
fn skipped_loudly() {
    let note =
        "SKIPPED: no DISPLAY and OAUTH_TRIAGE_SKIP_X11=1, so the X11 clipboard is untested\n";
    match OpenOptions::new().append(true).open("/dev/stderr") {
        Ok(mut stderr) => {
            let _ = stderr.write_all(note.as_bytes());
        }
        Err(_) => eprint!("{note}"),
    }
}

/// The clipboard as `xclip` reads it: another process, so this goes through the X server.
fn read_with_xclip() -> String {
    let output = Command::new("xclip")
        .args(["-selection", "clipboard", "-o"])
        .stderr(Stdio::inherit())
        .output()
        .unwrap_or_else(|err| {
            panic!("xclip must be installed (`bash .ci/xvfb.sh` does it): {err}")
        });
    String::from_utf8(output.stdout).expect("xclip prints UTF-8")
}

/// The clipboard as a second `arboard::Clipboard` reads it.
fn read_with_arboard() -> String {
    let mut reader = arboard::Clipboard::new().expect("arboard connects to the X server");
    reader
        .get_text()
        .unwrap_or_else(|err| panic!("arboard could not read the clipboard: {err}"))
}

/// Reads until `expected` shows up or 2 s pass: a tool that forks takes the selection
/// asynchronously. Returns the last value read, for the assertion.
fn read_until(read: fn() -> String, expected: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let text = read();
        if text == expected || Instant::now() >= deadline {
            return text;
        }
        thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn system_route_copies_to_the_x11_clipboard() {
    let Some(_x) = x_server() else { return };
    let mut clipboard = Clipboard::new(ClipboardRoute::System);
    let outcome = clipboard.copy(TEXT);
    assert_eq!(outcome, CopyOutcome::System, "{}", outcome.message());

    // arboard instances in one process share one X connection, and one that owns the selection
    // answers from memory; xclip, a separate X client, proves the text is on the X server.
    assert_eq!(read_with_arboard(), EXPECTED);
    assert_eq!(read_until(read_with_xclip, EXPECTED), EXPECTED);

    // The same long-lived instance serves the next copy.
    assert_eq!(clipboard.copy("second copy\n"), CopyOutcome::System);
    assert_eq!(read_until(read_with_xclip, "second copy"), "second copy");
    assert_eq!(read_with_arboard(), "second copy");
}

#[test]
fn tools_route_copies_with_xclip() {
    let Some(_x) = x_server() else { return };
    // Without a Wayland session wl-copy is skipped, so xclip is the first tool tried.
    let env = Env {
        wayland_display: None,
        ..Env::from_process()
    };
    let mut clipboard = Clipboard::with_env(ClipboardRoute::Tools, env);
    // Not the text of another test, so nothing left over from it can pass for this copy.
    let outcome = clipboard.copy(&format!("via xclip: {TEXT}"));
    assert_eq!(outcome, CopyOutcome::Tool("xclip"), "{}", outcome.message());

    let expected = format!("via xclip: {EXPECTED}");
    assert_eq!(read_until(read_with_xclip, &expected), expected);
    // xclip's background process owns the selection now: arboard reads it through X.
    assert_eq!(read_with_arboard(), expected);
}

#[test]
fn auto_route_locally_prefers_a_tool_that_outlives_the_app() {
    let Some(_x) = x_server() else { return };
    let env = Env {
        ssh: false,
        tmux: false,
        wayland_display: None,
        ..Env::from_process()
    };
    let mut clipboard = Clipboard::with_env(ClipboardRoute::Auto, env);
    // xclip forks a process that keeps serving the text after we exit; arboard's text would
    // vanish with us unless a clipboard manager took it.
    assert_eq!(clipboard.copy("auto\n"), CopyOutcome::Tool("xclip"));
    assert_eq!(read_until(read_with_xclip, "auto"), "auto");
    drop(clipboard);
    assert_eq!(
        read_until(read_with_xclip, "auto"),
        "auto",
        "gone after the app"
    );
}

#[test]
fn auto_route_without_tools_uses_the_system_clipboard_and_says_it_dies_with_us() {
    let Some(_x) = x_server() else { return };
    let env = Env {
        ssh: false,
        tmux: false,
        wayland_display: None,
        path: Some(std::ffi::OsString::new()),
        ..Env::from_process()
    };
    let mut clipboard = Clipboard::with_env(ClipboardRoute::Auto, env);
    let outcome = clipboard.copy("auto system\n");
    assert_eq!(outcome, CopyOutcome::System);
    assert!(
        outcome.message().contains("clipboard manager"),
        "{}",
        outcome.message()
    );
    assert_eq!(read_until(read_with_xclip, "auto system"), "auto system");
}
