//! End-to-end: the real binary in a pseudo-terminal (100×30), keys typed as bytes, the screen
//! read back through a vt100 parser. These catch what `TestBackend` cannot: raw mode, the
//! alternate screen, bracketed paste, exit codes.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const TIMEOUT: Duration = Duration::from_secs(10);

struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    // Kept alive so the terminal stays open until the child is done.
    _master: Box<dyn portable_pty::MasterPty + Send>,
    _dir: tempfile::TempDir,
}

impl Session {
    fn spawn(args: &[&str]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let dir = tempfile::tempdir().expect("temp dir");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_oauth-triage"));
        cmd.args(args);
        cmd.cwd(dir.path());
        cmd.env("TERM", "xterm-256color");
        // No user config, no server from the environment, no clipboard surprises.
        cmd.env("XDG_CONFIG_HOME", dir.path());
        cmd.env("HOME", dir.path());
        cmd.env_remove("CONNECT_SERVER");
        cmd.env_remove("OAUTH_TRIAGE_CONFIG");
        cmd.env_remove("OAUTH_TRIAGE_FLOWS");
        cmd.env_remove("DISPLAY");
        cmd.env_remove("WAYLAND_DISPLAY");
        let child = pair.slave.spawn_command(cmd).expect("spawn oauth-triage");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let feed = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        Session {
            child,
            writer,
            parser,
            _master: pair.master,
            _dir: dir,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Waits until the screen shows `text`; panics with the screen after the timeout.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {text:?}; the screen is:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_until_gone(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if !screen.contains(text) {
                return screen;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {text:?} to go; the screen is:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, bytes: &str) {
        self.writer
            .write_all(bytes.as_bytes())
            .expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                // Let the reader thread take the last bytes (leaving the alternate screen).
                std::thread::sleep(Duration::from_millis(100));
                return status;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("the app did not exit; the screen is:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The number shown in front of the first row containing `label` (`▶ 2. Azure …` → "2").
fn number_of(screen: &str, label: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no {label:?} in\n{screen}"));
    let digits: String = line
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert!(!digits.is_empty(), "no number in {line:?}");
    digits
}

const CALLBACK: &str = "https://connect.example.com/__oauth__/integrations/callback";

/// Home → Azure → the AADSTS50011 symptom.
fn walk_to_redirect_fix(s: &mut Session) {
    let home = s.wait_for("Or pick a provider");
    s.send(&number_of(&home, "Azure (Microsoft"));
    let question = s.wait_for("What do you see?");
    s.send(&number_of(&question, "AADSTS50011"));
    s.wait_for("Did this fix it?");
}

#[test]
fn walks_from_home_to_the_redirect_fix_with_the_server_filled_in() {
    let mut s = Session::spawn(&["--server", "connect.example.com"]);
    walk_to_redirect_fix(&mut s);
    // The value is further down on some sizes: go to the bottom of the fix.
    s.send("G");
    let screen = s.wait_for(CALLBACK);
    assert!(screen.contains("Azure"), "{screen}");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_pasted_error_lands_on_its_fix() {
    let mut s = Session::spawn(&["--server", "connect.example.com"]);
    s.wait_for("Or pick a provider");
    s.send("\x1b[200~AADSTS500113: No reply address is registered for the application.\x1b[201~");
    let screen = s.wait_for("AADSTS500113");
    assert!(screen.contains("Did this fix it?"), "{screen}");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn error_flag_opens_on_the_diagnosis() {
    let mut s = Session::spawn(&[
        "--error",
        "AADSTS500113: No reply address is registered for the application.",
    ]);
    let screen = s.wait_for("Did this fix it?");
    assert!(screen.contains("AADSTS500113"), "{screen}");
    s.send("\x03");
    assert!(s.wait_exit().success());
}

#[test]
fn esc_goes_back_one_step() {
    let mut s = Session::spawn(&["--server", "connect.example.com"]);
    walk_to_redirect_fix(&mut s);
    s.send("\x1b");
    let screen = s.wait_until_gone("Did this fix it?");
    assert!(screen.contains("What do you see?"), "{screen}");
    s.send("\x1b");
    s.wait_for("Or pick a provider");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn q_exits_zero_and_leaves_the_alternate_screen() {
    let mut s = Session::spawn(&[]);
    s.wait_for("Or pick a provider");
    assert!(
        s.alternate_screen(),
        "the guide draws on the alternate screen"
    );
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(!s.alternate_screen(), "the alternate screen was left");
}

#[test]
fn ctrl_c_exits_cleanly_even_while_typing() {
    let mut s = Session::spawn(&[]);
    s.wait_for("Or pick a provider");
    s.send("/redir");
    s.wait_for("Search everything");
    s.send("\x03");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(!s.alternate_screen());
}

#[test]
fn an_invalid_server_is_refused_before_the_terminal_is_touched() {
    let mut s = Session::spawn(&["--server", "ftp://nope"]);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 2);
    assert!(!s.alternate_screen());
    assert!(
        s.screen().contains("invalid Connect server"),
        "{}",
        s.screen()
    );
}

/// Time from process start to the first frame. Run with
/// `cargo test --release --test tui_pty -- --ignored --nocapture first_frame`.
#[test]
#[ignore = "timing; run on demand"]
fn first_frame_time() {
    let mut times = Vec::new();
    for _ in 0..10 {
        let start = Instant::now();
        let mut s = Session::spawn(&[]);
        let deadline = Instant::now() + TIMEOUT;
        while !s.screen().contains("Or pick a provider") {
            assert!(Instant::now() < deadline, "no first frame");
            std::thread::sleep(Duration::from_micros(200));
        }
        times.push(start.elapsed());
        s.send("q");
        s.wait_exit();
    }
    times.sort();
    println!(
        "first frame: min {:?}, median {:?}, max {:?}",
        times[0],
        times[times.len() / 2],
        times[times.len() - 1]
    );
}
